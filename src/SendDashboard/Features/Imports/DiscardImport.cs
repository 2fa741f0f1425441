using FluentValidation;
using Mediator;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>An officer cancels a preview: the staged figures and the import are thrown away.</summary>
public static class DiscardImport
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long ImportId) : IRequest<Unit>, IAudited;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).GreaterThan(0);
    }

    internal sealed class Handler(ImportPipeline pipeline, Writes writes) : IRequestHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command c, CancellationToken ct)
        {
            var change = await pipeline.DiscardAsync(c.ImportId, ct);
            writes.Record("import.discard", change.Subject, change.Before, change.After);
            return Unit.Value;
        }
    }
}
