using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// Adds a local framework from a questions file in the seed layout, so an administrator can add one (the area's own
/// self-evaluation headings, say) without code. The file is checked whole: any problem and nothing is written.
/// </summary>
public static partial class AddFramework
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string Key, string Title, string? Description, string Attribution, string Csv)
        : IRequest<Result>, IAudited;

    public sealed record Result(int Id, string Key, int Themes, int Questions);

    /// <summary>Uploads bigger than this are not a list of questions.</summary>
    public const int MaxBytes = 512 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,59}$")]
    private static partial Regex KeyPattern();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Key).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter a short key for the framework, like local-self-evaluation")
                .Must(k => KeyPattern().IsMatch(k)).WithMessage("The key must be 2 to 60 lower-case letters, digits and hyphens, like local-self-evaluation")
                .MustAsync(async (k, ct) =>
                {
                    await using var db = await factory.CreateDbContextAsync(ct);
                    return !await db.Frameworks.AnyAsync(f => f.Key == k, ct);
                }).WithMessage(c => $"There is already a framework with the key '{c.Key}': choose another");
            RuleFor(c => c.Title).NotEmpty().WithMessage("Enter the framework's title").MaximumLength(300).WithMessage("The title must be 300 characters or fewer");
            RuleFor(c => c.Description).MaximumLength(4000).WithMessage("The description must be 4,000 characters or fewer");
            RuleFor(c => c.Attribution).NotEmpty().WithMessage("Say where the framework comes from, like 'Written by the partnership, 2026'")
                .MaximumLength(500).WithMessage("The attribution must be 500 characters or fewer");
            RuleFor(c => c.Csv).Custom((csv, ctx) =>
            {
                if (string.IsNullOrWhiteSpace(csv)) { ctx.AddFailure(nameof(Command.Csv), "Choose a questions file (CSV) to upload"); return; }
                if (Encoding.UTF8.GetByteCount(csv) > MaxBytes) { ctx.AddFailure(nameof(Command.Csv), $"The file is larger than {MaxBytes / 1024} KB: a list of questions is far smaller"); return; }
                var parsed = Parse(csv);
                // Every problem is named (with a cap) so the file can be corrected in one go.
                foreach (var p in parsed.Problems.Take(50)) ctx.AddFailure(nameof(Command.Csv), p.Text);
                if (parsed.Problems.Count > 50) ctx.AddFailure(nameof(Command.Csv), $"and {parsed.Problems.Count - 50} more problems");
            });
        }
    }

    internal static FrameworkCsv.Parsed Parse(string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return FrameworkCsv.Read(stream);
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var rows = Parse(c.Csv).Rows;
            var db = writes.Db;
            var framework = new Framework
            {
                Key = c.Key, Title = c.Title.Trim(), Description = c.Description?.Trim() ?? "", Attribution = c.Attribution.Trim(), CreatedAt = writes.Now,
            };
            var (themes, questions) = await StoreAsync(db, framework, rows, ct);
            writes.Record("framework.add", $"framework {framework.Key}", after: $"{framework.Title}: {themes} themes, {questions} questions");
            return new Result(framework.Id, framework.Key, themes, questions);
        }
    }

    /// <summary>Writes a framework with its themes and questions, in file order. The caller owns the transaction.</summary>
    internal static async Task<(int Themes, int Questions)> StoreAsync(SendDbContext db, Framework framework, IReadOnlyList<FrameworkCsv.Row> rows, CancellationToken ct)
    {
        db.Frameworks.Add(framework);
        await db.SaveChangesAsync(ct);
        var themes = new Dictionary<string, FrameworkTheme>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows)
            if (!themes.ContainsKey(r.ThemeCode))
                themes[r.ThemeCode] = new FrameworkTheme { FrameworkId = framework.Id, Code = r.ThemeCode, Title = r.ThemeTitle, Order = themes.Count + 1 };
        db.FrameworkThemes.AddRange(themes.Values);
        await db.SaveChangesAsync(ct);
        db.FrameworkQuestions.AddRange(rows.Select((r, i) => new FrameworkQuestion
        {
            FrameworkId = framework.Id, ThemeId = themes[r.ThemeCode].Id, Code = r.Code, Text = r.Text,
            EvidencePrompts = r.EvidencePrompts, LeadershipFunctions = r.LeadershipFunctions, Order = i + 1,
        }));
        await db.SaveChangesAsync(ct);
        return (themes.Count, rows.Count);
    }
}
