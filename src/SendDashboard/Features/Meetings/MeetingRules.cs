using System.Security.Claims;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// The rules of meetings, in one place: who may see a meeting, when its record may change, and which actions are
/// carried onto a draft agenda.
/// </summary>
public static class MeetingRules
{
    /// <summary>How far ahead "due before the next meeting" looks when the board has not yet scheduled its next meeting.</summary>
    public static readonly TimeSpan UsualGap = TimeSpan.FromDays(56);

    /// <summary>
    /// Who may read a meeting: the partnership (administrators, data officers, board members) reads drafts and everything
    /// after; inspectors read published and held meetings; anyone reads a published meeting marked public.
    /// </summary>
    public static bool CanRead(MeetingStatus status, bool isPublic, string? role) => status switch
    {
        MeetingStatus.Draft => role is Roles.Administrator or Roles.DataOfficer or Roles.BoardMember,
        _ => isPublic || role is not null,
    };

    /// <summary>The one role that decides what a reader of meetings may do (accounts hold one role); null for the public.</summary>
    public static string? RoleOf(ClaimsPrincipal user) =>
        !Access.IsSignedIn(user) ? null : new[] { Roles.Administrator, Roles.DataOfficer, Roles.BoardMember, Roles.Inspector }.FirstOrDefault(user.IsInRole) ?? Roles.Inspector;

    public static string StatusWords(MeetingStatus s) => s switch
    {
        MeetingStatus.Draft => "Draft",
        MeetingStatus.Published => "Published",
        _ => "Held",
    };

    /// <summary>Who prepares meetings (agendas, publishing) and records them: administrators and data officers.</summary>
    public static bool CanPrepare(string? role) => role is Roles.Administrator or Roles.DataOfficer;

    /// <summary>The meetings a reader may list, as a query over the table.</summary>
    public static IQueryable<Meeting> Readable(this IQueryable<Meeting> meetings, string? role) => role switch
    {
        Roles.Administrator or Roles.DataOfficer or Roles.BoardMember => meetings,
        null => meetings.Where(m => m.Status != MeetingStatus.Draft && m.IsPublic),
        _ => meetings.Where(m => m.Status != MeetingStatus.Draft),
    };

    /// <summary>The board's next meeting after this one, if it is scheduled.</summary>
    public static async Task<DateOnly?> NextMeetingAsync(SendDbContext db, Meeting meeting, CancellationToken ct)
    {
        var next = await db.Meetings.AsNoTracking().Where(m => m.BoardId == meeting.BoardId && m.StartsAt > meeting.StartsAt)
            .OrderBy(m => m.StartsAt).Select(m => (DateTimeOffset?)m.StartsAt).FirstOrDefaultAsync(ct);
        return next is { } n ? UkTime.DayOf(n) : null;
    }

    /// <summary>
    /// An action a meeting must see: not done, and overdue on the meeting's day or due before the board's next meeting
    /// (eight weeks on when none is scheduled).
    /// </summary>
    public static bool CarriedForward(ImprovementAction a, DateOnly meetingDay, DateOnly? nextMeeting) =>
        a.Status != ActionStatus.Done && a.DueDate < (nextMeeting ?? meetingDay.AddDays(UsualGap.Days));
}

/// <summary>Validation rules shared by the meeting commands: the meeting exists and is in a state that allows the change.</summary>
public static class MeetingValidation
{
    public static IRuleBuilderOptionsConditions<T, long> MeetingIn<T>(this IRuleBuilder<T, long> rule, IDbContextFactory<SendDbContext> factory, params MeetingStatus[] allowed) =>
        rule.CustomAsync(async (id, ctx, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var status = await db.Meetings.Where(m => m.Id == id).Select(m => (MeetingStatus?)m.Status).SingleOrDefaultAsync(ct);
            if (status is null) ctx.AddFailure("There is no such meeting");
            else if (!allowed.Contains(status.Value))
                ctx.AddFailure(status switch
                {
                    MeetingStatus.Draft => "The meeting is still a draft: publish it first",
                    MeetingStatus.Published => "The meeting is published: its agenda and figures are frozen",
                    _ => "The meeting has been held: its record is locked",
                });
        });

    public static IRuleBuilderOptions<T, long> ItemOf<T>(this IRuleBuilder<T, long> rule, IDbContextFactory<SendDbContext> factory, Func<T, long> meetingId) =>
        rule.MustAsync(async (c, id, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var meeting = meetingId(c);
            return await db.AgendaItems.AnyAsync(i => i.Id == id && i.MeetingId == meeting, ct);
        }).WithMessage("That item is not on this meeting's agenda");
}
