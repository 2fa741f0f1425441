using FluentValidation;
using Mediator;
using SendDashboard.Data;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>
/// Validates an uploaded return and stages it for preview; optionally commits it straight away (the import verb
/// and the API) or throws the staged rows away again (a dry run: nothing is recorded, so the behaviour rolls it all back).
/// A refused file is a successful command: the rejected import is kept in the history, and audited.
/// </summary>
public static class UploadReturn
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(
        string DatasetKey, string FileName, Stream Data, long? Length,
        bool CommitWhenValid = false, bool DryRun = false, IProgress<ImportProgress>? Progress = null) : IRequest<Result>, IAudited;

    public sealed record Result(ImportPipeline.StageOutcome Outcome, bool Committed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.DatasetKey).NotEmpty().WithMessage("Choose the dataset this return belongs to");
            RuleFor(c => c.FileName).NotEmpty().WithMessage("Choose a CSV file to upload").MaximumLength(260);
            RuleFor(c => c).Must(c => !(c.DryRun && c.CommitWhenValid)).WithMessage("A dry run cannot also commit");
        }
    }

    internal sealed class Handler(ImportPipeline pipeline, Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var outcome = await pipeline.StageAsync(new ImportPipeline.Upload(c.DatasetKey, c.FileName, c.Data, c.Length), c.Progress, ct);
            if (outcome.Status != ImportStatus.Previewed)
            {
                // Refused before anything was recorded (no such dataset, too large): nothing to audit.
                if (outcome.ImportId is { } rejected)
                    writes.Record("import.reject", $"import {rejected} ({Path.GetFileName(c.FileName)}) of dataset {c.DatasetKey}",
                        after: $"rejected: {outcome.Problem}");
                return new Result(outcome, false);
            }

            // A dry run records nothing, so the behaviour rolls the staged figures back: nothing was written.
            if (c.DryRun) return new Result(outcome, false);

            if (!c.CommitWhenValid)
            {
                writes.Record("import.stage", $"import {outcome.ImportId} ({Path.GetFileName(c.FileName)}) of dataset {c.DatasetKey}",
                    after: $"previewed: {outcome.Rows:N0} rows, {outcome.Observations:N0} observations, SHA-256 {outcome.Sha256}");
                return new Result(outcome, false);
            }
            var change = await pipeline.CommitAsync(outcome.ImportId!.Value, ct);
            writes.Record("import.commit", change.Subject, change.Before, $"{change.After} (uploaded and committed in one step)");
            return new Result(outcome with { Status = ImportStatus.Committed }, true);
        }
    }
}
