using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SendDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class BoardsMeetingsSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "agenda_item_id",
                table: "improvement_actions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "meeting_id",
                table: "improvement_actions",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "boards",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_boards", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "board_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    board_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role_on_board = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organisation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_board_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_board_members_boards_board_id",
                        column: x => x.board_id,
                        principalTable: "boards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meetings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    board_id = table.Column<int>(type: "integer", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    place = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    is_public = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    attendees = table.Column<string[]>(type: "text[]", nullable: false),
                    apologies = table.Column<string[]>(type: "text[]", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    published_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    held_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    held_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                    table.ForeignKey(
                        name: "fk_meetings_boards_board_id",
                        column: x => x.board_id,
                        principalTable: "boards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agenda_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    meeting_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    presenter = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    paper = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    spec = table.Column<string>(type: "jsonb", nullable: false),
                    carried_forward = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_agenda_items_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_snapshots",
                columns: table => new
                {
                    meeting_id = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    data_as_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_snapshots", x => x.meeting_id);
                    table.ForeignKey(
                        name: "fk_meeting_snapshots_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agenda_comments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agenda_item_id = table.Column<long>(type: "bigint", nullable: false),
                    author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agenda_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_agenda_comments_agenda_items_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    meeting_id = table.Column<long>(type: "bigint", nullable: false),
                    agenda_item_id = table.Column<long>(type: "bigint", nullable: false),
                    text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_amendment = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_meeting_decisions_agenda_items_agenda_item_id",
                        column: x => x.agenda_item_id,
                        principalTable: "agenda_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_meeting_decisions_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_improvement_actions_agenda_item_id",
                table: "improvement_actions",
                column: "agenda_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_improvement_actions_meeting_id",
                table: "improvement_actions",
                column: "meeting_id");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_comments_agenda_item_id",
                table: "agenda_comments",
                column: "agenda_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_agenda_items_meeting_id_position",
                table: "agenda_items",
                columns: new[] { "meeting_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_board_members_board_id",
                table: "board_members",
                column: "board_id");

            migrationBuilder.CreateIndex(
                name: "ix_boards_name",
                table: "boards",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meeting_decisions_agenda_item_id",
                table: "meeting_decisions",
                column: "agenda_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_decisions_meeting_id",
                table: "meeting_decisions",
                column: "meeting_id");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_board_id_starts_at",
                table: "meetings",
                columns: new[] { "board_id", "starts_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_improvement_actions_agenda_items_agenda_item_id",
                table: "improvement_actions",
                column: "agenda_item_id",
                principalTable: "agenda_items",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_improvement_actions_meetings_meeting_id",
                table: "improvement_actions",
                column: "meeting_id",
                principalTable: "meetings",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // A published meeting's pack is frozen: the database itself refuses to change or delete a snapshot row.
            migrationBuilder.Sql("""
                CREATE FUNCTION meeting_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'a published meeting''s snapshot cannot be changed (meeting %)', OLD.meeting_id;
                END $$;
                CREATE TRIGGER meeting_snapshots_immutable BEFORE UPDATE OR DELETE ON meeting_snapshots
                    FOR EACH ROW EXECUTE FUNCTION meeting_snapshots_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS meeting_snapshots_immutable ON meeting_snapshots; DROP FUNCTION IF EXISTS meeting_snapshots_immutable();");

            migrationBuilder.DropForeignKey(
                name: "fk_improvement_actions_agenda_items_agenda_item_id",
                table: "improvement_actions");

            migrationBuilder.DropForeignKey(
                name: "fk_improvement_actions_meetings_meeting_id",
                table: "improvement_actions");

            migrationBuilder.DropTable(
                name: "agenda_comments");

            migrationBuilder.DropTable(
                name: "board_members");

            migrationBuilder.DropTable(
                name: "meeting_decisions");

            migrationBuilder.DropTable(
                name: "meeting_snapshots");

            migrationBuilder.DropTable(
                name: "agenda_items");

            migrationBuilder.DropTable(
                name: "meetings");

            migrationBuilder.DropTable(
                name: "boards");

            migrationBuilder.DropIndex(
                name: "ix_improvement_actions_agenda_item_id",
                table: "improvement_actions");

            migrationBuilder.DropIndex(
                name: "ix_improvement_actions_meeting_id",
                table: "improvement_actions");

            migrationBuilder.DropColumn(
                name: "agenda_item_id",
                table: "improvement_actions");

            migrationBuilder.DropColumn(
                name: "meeting_id",
                table: "improvement_actions");
        }
    }
}
