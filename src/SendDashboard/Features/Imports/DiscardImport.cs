using FluentValidation;
using Mediator;

namespace SendDashboard.Features.Imports;

/// <summary>An officer cancels a preview: the staged figures and the import are thrown away.</summary>
public static class DiscardImport
{
    public sealed record Command(long ImportId) : IRequest<Unit>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).GreaterThan(0);
    }

    internal sealed class Handler(ImportPipeline pipeline) : IRequestHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command c, CancellationToken ct)
        {
            await pipeline.DiscardAsync(c.ImportId, ct);
            return Unit.Value;
        }
    }
}
