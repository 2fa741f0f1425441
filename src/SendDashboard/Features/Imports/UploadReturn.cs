using FluentValidation;
using Mediator;
using SendDashboard.Data;

namespace SendDashboard.Features.Imports;

/// <summary>
/// Validates an uploaded return and stages it for preview; optionally commits it straight away (the import verb
/// and the API) or throws the staged rows away again (a dry run).
/// </summary>
public static class UploadReturn
{
    public sealed record Command(
        string DatasetKey, string FileName, Stream Data, long? Length, string User,
        bool CommitWhenValid = false, bool DryRun = false, IProgress<ImportProgress>? Progress = null) : IRequest<Result>;

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

    internal sealed class Handler(ImportPipeline pipeline) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var outcome = await pipeline.StageAsync(new ImportPipeline.Upload(c.DatasetKey, c.FileName, c.Data, c.User, c.Length), c.Progress, ct);
            if (outcome.Status != ImportStatus.Previewed) return new Result(outcome, false);

            if (c.DryRun)
            {
                await pipeline.DiscardAsync(outcome.ImportId!.Value, ct);
                return new Result(outcome, false);
            }

            if (!c.CommitWhenValid) return new Result(outcome, false);
            await pipeline.CommitAsync(outcome.ImportId!.Value, c.User, ct);
            return new Result(outcome with { Status = ImportStatus.Committed }, true);
        }
    }
}
