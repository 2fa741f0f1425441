using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>Creates a dataset from a confirmed proposal: its indicators (with the polarity and outcome area the officer chose) and columns.</summary>
public static partial class DefineDataset
{
    /// <param name="Store">False for an indicator column the officer chose not to keep: it is then expected but not stored.</param>
    public sealed record ColumnChoice(
        string Name, ColumnRole Role, string Label, IndicatorUnit Unit, int Decimals, string? FilterHint,
        Polarity? Polarity = null, OutcomeArea? OutcomeArea = null, bool Store = true);

    /// <param name="PublisherSuppressed">
    /// The figures were released under the publisher's own disclosure control (official statistics): they are shown as
    /// published (<see cref="Dataset.PublisherSuppressed"/>). No unless the officer says so: the partnership's own returns
    /// are held to the local threshold.
    /// </param>
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(string Key, string Title, string Source, IReadOnlyList<ColumnChoice> Columns, bool PublisherSuppressed = false)
        : IRequest<Result>, IAudited;

    public sealed record Result(int DatasetId, string Key, IReadOnlyList<string> IndicatorKeys);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")]
    private static partial Regex KeyPattern();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Key)
                .Must(k => KeyPattern().IsMatch(k ?? ""))
                .WithMessage("Enter a dataset key of 3 to 60 lower-case letters, digits and hyphens, like pcf-annual-survey")
                .MustAsync(async (key, ct) =>
                {
                    await using var db = await factory.CreateDbContextAsync(ct);
                    return !await db.Datasets.AnyAsync(d => d.Key == key, ct);
                })
                .WithMessage(c => $"A dataset called '{c.Key}' already exists: upload to it instead of creating it again");
            RuleFor(c => c.Title).NotEmpty().WithMessage("Enter a title for the dataset").MaximumLength(300);
            RuleFor(c => c.Source).MaximumLength(1000);
            RuleFor(c => c.Columns).NotEmpty().WithMessage("The file has no filter or indicator columns to define");
            RuleForEach(c => c.Columns).ChildRules(col =>
            {
                // An answer (Yes / No, a category) is neither better nor worse: a categorical indicator is always neutral.
                col.RuleFor(c => c.Polarity).NotNull()
                    .When(c => c.Role == ColumnRole.Indicator && c.Store && c.Unit != IndicatorUnit.Categorical)
                    .WithMessage(c => $"Choose whether higher or lower is better for {c.Label} ({c.Name}), or neutral");
                col.RuleFor(c => c.OutcomeArea).NotNull()
                    .When(c => c.Role == ColumnRole.Indicator && c.Store)
                    .WithMessage(c => $"Choose the outcome area of {c.Label} ({c.Name})");
                col.RuleFor(c => c.Label).MaximumLength(300);
            });
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var db = writes.Db;
            var dataset = db.Datasets.Add(new Dataset
            {
                Key = command.Key,
                Title = command.Title.Trim(),
                Description = $"Defined from an upload by {writes.Actor}.",
                Source = command.Source.Trim(),
                PublisherSuppressed = command.PublisherSuppressed,
                CreatedAt = writes.Now,
            }).Entity;
            await db.SaveChangesAsync(ct);

            var existingKeys = await db.Indicators.Select(i => i.Key).ToHashSetAsync(ct);
            var keys = new List<string>();
            foreach (var c in command.Columns)
            {
                Indicator? indicator = null;
                if (c.Role == ColumnRole.Indicator && c.Store)
                {
                    var key = UniqueKey($"{command.Key}-{Slug(c.Name)}", existingKeys);
                    keys.Add(key);
                    indicator = db.Indicators.Add(new Indicator
                    {
                        Key = key,
                        Title = c.Label,
                        Definition = $"{c.Label}, as reported in the {command.Title.Trim()} return (column {c.Name}).",
                        Unit = c.Unit,
                        Decimals = c.Unit == IndicatorUnit.Categorical ? 0 : Math.Clamp(c.Decimals, 0, 6),
                        Polarity = c.Unit == IndicatorUnit.Categorical ? Polarity.Neutral : c.Polarity!.Value,
                        OutcomeArea = c.OutcomeArea!.Value,
                        Source = command.Source.Trim().Length > 0 ? command.Source.Trim() : command.Title.Trim(),
                    }).Entity;
                }

                db.DatasetColumns.Add(new DatasetColumn
                {
                    DatasetId = dataset.Id,
                    Name = c.Name.ToLowerInvariant(),
                    Role = c.Role == ColumnRole.Indicator && !c.Store ? ColumnRole.Ignored : c.Role,
                    Label = c.Label,
                    Indicator = indicator,
                    FilterHint = c.FilterHint,
                });
            }

            await db.SaveChangesAsync(ct);
            writes.Record("dataset.define", $"dataset {command.Key}",
                after: $"{command.Columns.Count} columns, {keys.Count} new indicators: {string.Join(", ", keys)}; "
                       + (command.PublisherSuppressed ? "released under the publisher's own disclosure control" : "local suppression"));
            return new Result(dataset.Id, dataset.Key, keys);
        }

        private static string UniqueKey(string key, HashSet<string> taken)
        {
            key = key.Length > 76 ? key[..76].TrimEnd('-') : key;
            var candidate = key;
            for (var n = 2; !taken.Add(candidate); n++) candidate = $"{key}-{n}";
            return candidate;
        }

        private static string Slug(string s) => Regex.Replace(s.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
    }
}
