namespace SendDashboard.Features.Commentary;

/// <summary>Who writes commentary until sign-in arrives (issue 7): the one name to replace with the signed-in board member.</summary>
public static class CommentaryUser
{
    public const string Name = "board member (no sign-in yet)";
}
