using FluentValidation;
using Mediator;
using SendDashboard.Data;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>Makes a previewed import the live version of its dataset.</summary>
public static class CommitImport
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long ImportId) : IRequest<Result>, IAudited;

    public sealed record Result(long ImportId, int Version, ImportStatus Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).GreaterThan(0).WithMessage("Choose an import to commit");
    }

    internal sealed class Handler(ImportPipeline pipeline, Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var change = await pipeline.CommitAsync(c.ImportId, ct);
            writes.Record("import.commit", change.Subject, change.Before, change.After);
            var import = change.Import;
            return new Result(import.Id, import.Version, import.Status);
        }
    }
}
