using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace SendDashboard.Data;

public sealed class SendDbContext(DbContextOptions<SendDbContext> options)
    : Microsoft.AspNetCore.Identity.EntityFrameworkCore.IdentityDbContext<AppUser>(options),
        Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring (sign-in cookies, antiforgery tokens), shared by every instance of the app.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Area> Areas => Set<Area>();
    public DbSet<StatisticalNeighbour> StatisticalNeighbours => Set<StatisticalNeighbour>();
    public DbSet<AreaSuccession> AreaSuccessions => Set<AreaSuccession>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Import> Imports => Set<Import>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<SeedRun> SeedRuns => Set<SeedRun>();
    public DbSet<DatasetColumn> DatasetColumns => Set<DatasetColumn>();
    public DbSet<ImportError> ImportErrors => Set<ImportError>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<Commentary> Commentaries => Set<Commentary>();
    public DbSet<Framework> Frameworks => Set<Framework>();
    public DbSet<FrameworkTheme> FrameworkThemes => Set<FrameworkTheme>();
    public DbSet<FrameworkQuestion> FrameworkQuestions => Set<FrameworkQuestion>();
    public DbSet<ReflectionCycle> ReflectionCycles => Set<ReflectionCycle>();
    public DbSet<Rating> Ratings => Set<Rating>();
    public DbSet<EvidenceItem> EvidenceItems => Set<EvidenceItem>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<ImprovementAction> ImprovementActions => Set<ImprovementAction>();
    public DbSet<YouSaidWeDid> YouSaidWeDids => Set<YouSaidWeDid>();
    public DbSet<Board> Boards => Set<Board>();
    public DbSet<BoardMember> BoardMembers => Set<BoardMember>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();
    public DbSet<AgendaComment> AgendaComments => Set<AgendaComment>();
    public DbSet<MeetingDecision> MeetingDecisions => Set<MeetingDecision>();
    public DbSet<MeetingSnapshot> MeetingSnapshots => Set<MeetingSnapshot>();
    public DbSet<InspectorInvitation> InspectorInvitations => Set<InspectorInvitation>();
    public DbSet<InspectorView> InspectorViews => Set<InspectorView>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so that the database reads well in psql and survives reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Conventions.Remove(typeof(ForeignKeyIndexConvention));
        configurationBuilder.Conventions.Add(s => new ForeignKeyIndexes(s.GetRequiredService<ProviderConventionSetBuilderDependencies>()));
    }

    /// <summary>
    /// EF Core's index on every foreign key, except observations.area_code: queries reach observations by indicator (the
    /// trend and period indexes), areas are never deleted, and each index is paid by every committed figure (about 7 s
    /// of the 73 s it takes to commit 2,000,000 figures, measured by <c>bench ingest</c>).
    /// </summary>
    private sealed class ForeignKeyIndexes(ProviderConventionSetBuilderDependencies dependencies) : ForeignKeyIndexConvention(dependencies)
    {
        protected override IConventionIndex? CreateIndex(IReadOnlyList<IConventionProperty> properties, bool unique, IConventionEntityTypeBuilder entityTypeBuilder) =>
            entityTypeBuilder.Metadata.ClrType == typeof(Observation) && properties is [{ Name: nameof(Observation.AreaCode) }]
                ? null
                : base.CreateIndex(properties, unique, entityTypeBuilder);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<AppUser>(e =>
        {
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Organisation).HasMaxLength(200);
        });
        b.Entity<InspectorInvitation>(e =>
        {
            e.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.Property(x => x.Email).HasMaxLength(256);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Organisation).HasMaxLength(200);
            e.Property(x => x.Scope).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
        });
        b.Entity<InspectorView>(e =>
        {
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.What).HasMaxLength(200);
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.HasIndex(x => x.At);
        });
        b.Entity<Area>(e =>
        {
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(9);
            e.Property(x => x.OldCode).HasMaxLength(3);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.RegionCode).HasMaxLength(9);
            e.HasIndex(x => x.OldCode);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.RegionCode).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<AreaSuccession>(e =>
        {
            e.Property(x => x.SuccessorCode).HasMaxLength(9);
            e.Property(x => x.PredecessorCode).HasMaxLength(9);
            e.Property(x => x.Source).HasMaxLength(500);
            e.HasIndex(x => new { x.SuccessorCode, x.PredecessorCode }).IsUnique();
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.SuccessorCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.PredecessorCode).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_area_succession_not_itself", "successor_code <> predecessor_code"));
        });

        b.Entity<StatisticalNeighbour>(e =>
        {
            e.HasKey(x => new { x.AreaCode, x.Rank });
            e.HasIndex(x => new { x.AreaCode, x.NeighbourCode }).IsUnique();
            e.Property(x => x.Closeness).HasMaxLength(40);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.AreaCode).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.NeighbourCode).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_statistical_neighbour_rank", "rank between 1 and 10"));
        });

        b.Entity<Indicator>(e =>
        {
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.Key).HasMaxLength(80);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.NumeratorKey).HasMaxLength(80);
            e.Property(x => x.DenominatorKey).HasMaxLength(80);
            e.ToTable(t => t.HasCheckConstraint("ck_indicator_decimals", "decimals between 0 and 6"));
        });

        b.Entity<Dataset>(e =>
        {
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.Key).HasMaxLength(80);
            e.Property(x => x.Title).HasMaxLength(300);
        });

        b.Entity<DatasetColumn>(e =>
        {
            e.HasOne<Dataset>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.DatasetId, x.Name }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(120);
            e.Property(x => x.Label).HasMaxLength(300);
            e.Property(x => x.NumeratorColumn).HasMaxLength(120);
            e.Property(x => x.DenominatorColumn).HasMaxLength(120);
            e.Property(x => x.MinValue).HasPrecision(28, 10);
            e.Property(x => x.MaxValue).HasPrecision(28, 10);
        });

        b.Entity<ImportError>(e =>
        {
            e.HasOne<Import>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ImportId, x.Row });
            e.Property(x => x.Column).HasMaxLength(200);
            e.Property(x => x.Value).HasMaxLength(200);
        });

        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.Prefix).HasMaxLength(12);
            e.Property(x => x.UserName).HasMaxLength(200);
        });

        b.Entity<AuditEvent>(e =>
        {
            e.HasIndex(x => x.At);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.Subject).HasMaxLength(300);
        });

        b.Entity<Import>(e =>
        {
            e.HasOne(x => x.Dataset).WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.DatasetId, x.Version }).IsUnique();
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.UploadedBy).HasMaxLength(200);
            e.Property(x => x.CommittedBy).HasMaxLength(200);
            // Only one committed (live) version per dataset.
            e.HasIndex(x => x.DatasetId, "ix_imports_one_live_per_dataset").IsUnique().HasFilter("status = 'Committed'");
        });

        b.Entity<Observation>(e =>
        {
            // Partitioned by import (docs/architecture.md#observations): no row id, and no foreign key to imports because
            // a partition's bound ties its rows to their import and the partition is dropped with it.
            e.HasNoKey();
            e.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.AreaCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.AreaCode).HasMaxLength(9);
            e.Property(x => x.TimePeriod).HasMaxLength(6);
            e.Property(x => x.TimeIdentifier).HasMaxLength(40);
            e.Property(x => x.PeriodLabel).HasMaxLength(60);
            e.Property(x => x.Symbol).HasMaxLength(8);
            e.Property(x => x.Category).HasMaxLength(200);
            e.Property(x => x.Value).HasPrecision(28, 10);
            e.Property(x => x.Numerator).HasPrecision(28, 10);
            e.Property(x => x.Denominator).HasPrecision(28, 10);
            // The key, unique (so a figure given twice is refused), serves "all areas, one indicator, one period" (rank,
            // bands) as a range of it, and "one area, one indicator, all periods" (trend) as a range of a few hundred entries
            // filtered by area.
            e.HasIndex(x => new { x.IndicatorId, x.BreakdownKey, x.PeriodSortKey, x.AreaCode, x.PeriodLabel, x.ImportId })
                .IsUnique().HasDatabaseName("ix_observations_key");
            // "One area, every indicator, every period" (a dashboard's or board summary's own figures) is not a range of
            // the key: PostgreSQL read every total of the largest partition to find one area's (6 of the 14 ms a page spent in
            // statements, from the server's log during bench load; 0.7 ms with this index). Totals only, and two narrow columns, so an upload builds little more.
            e.HasIndex(x => new { x.AreaCode, x.IndicatorId }).HasFilter("breakdown_key = ''").HasDatabaseName("ix_observations_area_totals");
            e.ToTable(t => t.HasCheckConstraint("ck_observation_value_or_symbol", "value is not null or symbol is not null or category is not null"));
        });

        b.Entity<Target>(e =>
        {
            e.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.AreaCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.AreaCode).HasMaxLength(9);
            e.Property(x => x.TimePeriod).HasMaxLength(6);
            e.Property(x => x.TimeIdentifier).HasMaxLength(40);
            e.Property(x => x.PeriodLabel).HasMaxLength(60);
            e.Property(x => x.Value).HasPrecision(28, 10);
            e.Property(x => x.Tolerance).HasPrecision(28, 10);
            e.Property(x => x.SetBy).HasMaxLength(200);
            // One target and one milestone per indicator, area and period.
            e.HasIndex(x => new { x.IndicatorId, x.AreaCode, x.PeriodSortKey, x.PeriodLabel, x.Kind }).IsUnique();
            e.ToTable(t => t.HasCheckConstraint("ck_target_tolerance", "tolerance >= 0"));
        });

        b.Entity<Commentary>(e =>
        {
            e.HasOne<Indicator>().WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.AreaCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.AreaCode).HasMaxLength(9);
            e.Property(x => x.PeriodLabel).HasMaxLength(60);
            e.Property(x => x.Markdown).HasMaxLength(20_000);
            e.Property(x => x.Author).HasMaxLength(200);
            e.HasIndex(x => new { x.IndicatorId, x.AreaCode, x.PeriodSortKey });
        });

        b.Entity<Framework>(e =>
        {
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.Key).HasMaxLength(60);
            e.Property(x => x.Title).HasMaxLength(200);
        });

        b.Entity<FrameworkTheme>(e =>
        {
            e.HasOne<Framework>().WithMany().HasForeignKey(x => x.FrameworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.FrameworkId, x.Code }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Title).HasMaxLength(300);
        });

        b.Entity<FrameworkQuestion>(e =>
        {
            e.HasOne<Framework>().WithMany().HasForeignKey(x => x.FrameworkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<FrameworkTheme>().WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.FrameworkId, x.Code }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Text).HasMaxLength(2000);
        });

        b.Entity<ReflectionCycle>(e =>
        {
            e.HasOne<Framework>().WithMany().HasForeignKey(x => x.FrameworkId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Area>().WithMany().HasForeignKey(x => x.AreaCode).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.AreaCode).HasMaxLength(9);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.OpenedBy).HasMaxLength(200);
            e.Property(x => x.SignedOffBy).HasMaxLength(200);
        });

        b.Entity<Rating>(e =>
        {
            e.HasOne<ReflectionCycle>().WithMany().HasForeignKey(x => x.CycleId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<FrameworkQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Role).HasMaxLength(200);
            e.Property(x => x.Respondent).HasMaxLength(200);
            e.Property(x => x.Rationale).HasMaxLength(5000);
            // One rating per respondent per question in a cycle; rating again replaces it.
            e.HasIndex(x => new { x.CycleId, x.QuestionId, x.Respondent }).IsUnique();
            e.ToTable(t => t.HasCheckConstraint("ck_rating_score", "score between 1 and 5"));
        });

        b.Entity<EvidenceItem>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Description).HasMaxLength(5000);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.AddedBy).HasMaxLength(200);
        });

        b.Entity<EvidenceFile>(e =>
        {
            e.HasKey(x => x.EvidenceItemId);
            e.HasOne<EvidenceItem>().WithOne().HasForeignKey<EvidenceFile>(x => x.EvidenceItemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ImprovementAction>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Description).HasMaxLength(5000);
            e.Property(x => x.Owner).HasMaxLength(200);
            e.Property(x => x.ProgressNote).HasMaxLength(5000);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AgendaItem>().WithMany().HasForeignKey(x => x.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Board>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Purpose).HasMaxLength(2000);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.BoardId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<BoardMember>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.RoleOnBoard).HasMaxLength(200);
            e.Property(x => x.Organisation).HasMaxLength(200);
        });

        b.Entity<Meeting>(e =>
        {
            e.HasOne(x => x.Board).WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.BoardId, x.StartsAt });
            e.Property(x => x.Place).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.PublishedBy).HasMaxLength(200);
            e.Property(x => x.HeldBy).HasMaxLength(200);
            e.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AgendaItem>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Presenter).HasMaxLength(200);
            e.Property(x => x.Paper).HasMaxLength(20000);
            e.Property(x => x.Spec).HasColumnType("jsonb");
            e.HasIndex(x => new { x.MeetingId, x.Position });
        });

        b.Entity<AgendaComment>(e =>
        {
            e.HasOne<AgendaItem>().WithMany().HasForeignKey(x => x.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Author).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(5000);
        });

        b.Entity<MeetingDecision>(e =>
        {
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AgendaItem>().WithMany().HasForeignKey(x => x.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Text).HasMaxLength(5000);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
        });

        b.Entity<MeetingSnapshot>(e =>
        {
            e.HasKey(x => x.MeetingId);
            e.HasOne<Meeting>().WithOne().HasForeignKey<MeetingSnapshot>(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        });

        b.Entity<YouSaidWeDid>(e =>
        {
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.YouSaid).HasMaxLength(5000);
            e.Property(x => x.WeDid).HasMaxLength(5000);
            e.Property(x => x.PeriodLabel).HasMaxLength(60);
            e.Property(x => x.AddedBy).HasMaxLength(200);
        });

        b.Entity<SeedRun>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        });

        ApplySnakeCaseNames(b);
    }

    /// <summary>snake_case tables, columns, keys and indexes, so that hand-written SQL and psql read naturally.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            entity.SetTableName(Pluralise(ToSnake(entity.ClrType.Name.Split('`')[0])));
            foreach (var p in entity.GetProperties()) p.SetColumnName(ToSnake(p.Name));
            foreach (var k in entity.GetKeys()) k.SetName(ToSnake(k.GetDefaultName()!));
            foreach (var fk in entity.GetForeignKeys()) fk.SetConstraintName(ToSnake(fk.GetDefaultName()!));
            foreach (var ix in entity.GetIndexes())
                if (ix.GetDatabaseName() is { } n && !n.StartsWith("ix_", StringComparison.Ordinal)) ix.SetDatabaseName(ToSnake(n));
        }
    }

    private static string Pluralise(string s) => s.EndsWith('y') && s.Length > 1 && !"aeiou".Contains(s[^2]) ? s[..^1] + "ies" : s + "s";

    internal static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
