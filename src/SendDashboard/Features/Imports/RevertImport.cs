using FluentValidation;
using Mediator;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>Takes a dataset's live version out of use and restores the one before it (audited; nothing is deleted).</summary>
public static class RevertImport
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long ImportId) : IRequest<Result>, IAudited;

    /// <param name="RestoredVersion">The version that is live again, or null when the dataset now has none.</param>
    public sealed record Result(long ImportId, int RevertedVersion, int? RestoredVersion);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).GreaterThan(0).WithMessage("Choose an import to revert");
    }

    internal sealed class Handler(ImportPipeline pipeline, Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var (change, restored) = await pipeline.RevertAsync(c.ImportId, ct);
            writes.Record("import.revert", change.Subject, change.Before, change.After);
            return new Result(change.Import.Id, change.Import.Version, restored?.Version);
        }
    }
}
