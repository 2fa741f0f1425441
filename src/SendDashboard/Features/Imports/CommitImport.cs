using FluentValidation;
using Mediator;
using SendDashboard.Data;

namespace SendDashboard.Features.Imports;

/// <summary>Makes a previewed import the live version of its dataset.</summary>
public static class CommitImport
{
    public sealed record Command(long ImportId, string User) : IRequest<Result>;

    public sealed record Result(long ImportId, int Version, ImportStatus Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).GreaterThan(0).WithMessage("Choose an import to commit");
    }

    internal sealed class Handler(ImportPipeline pipeline) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var import = await pipeline.CommitAsync(c.ImportId, c.User, ct);
            return new Result(import.Id, import.Version, import.Status);
        }
    }
}
