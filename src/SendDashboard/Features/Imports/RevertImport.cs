using FluentValidation;
using Mediator;

namespace SendDashboard.Features.Imports;

/// <summary>Takes a dataset's live version out of use and restores the one before it (audited; nothing is deleted).</summary>
public static class RevertImport
{
    public sealed record Command(long ImportId, string User) : IRequest<Result>;

    /// <param name="RestoredVersion">The version that is live again, or null when the dataset now has none.</param>
    public sealed record Result(long ImportId, int RevertedVersion, int? RestoredVersion);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).GreaterThan(0).WithMessage("Choose an import to revert");
    }

    internal sealed class Handler(ImportPipeline pipeline) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var (reverted, restored) = await pipeline.RevertAsync(c.ImportId, c.User, ct);
            return new Result(reverted.Id, reverted.Version, restored?.Version);
        }
    }
}
