using FluentValidation;
using Mediator;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>
/// Removes a dataset defined moments ago whose first upload was refused or only a dry run (the import verb's
/// <c>--create</c>), so that nothing is left behind. A dataset that has ever had a version is refused.
/// </summary>
public static class DiscardDataset
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(string Key) : IRequest<Unit>, IAudited;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Key).NotEmpty();
    }

    internal sealed class Handler(ImportPipeline pipeline, Writes writes) : IRequestHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command c, CancellationToken ct)
        {
            if (await pipeline.DiscardDatasetAsync(c.Key, ct))
                writes.Record("dataset.discard", $"dataset {c.Key}", "defined, no version", "removed: its first upload was refused or a dry run");
            return Unit.Value;
        }
    }
}
