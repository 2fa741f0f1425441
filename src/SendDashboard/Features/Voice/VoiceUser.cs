namespace SendDashboard.Features.Voice;

/// <summary>Who records "You said, we did" entries until sign-in arrives: the one name to replace with the signed-in user.</summary>
public static class VoiceUser
{
    public const string Name = "board member (no sign-in yet)";
}
