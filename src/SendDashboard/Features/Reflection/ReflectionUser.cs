using SendDashboard.Data;

namespace SendDashboard.Features.Reflection;

/// <summary>The five-point scale and the organisations respondents come from, in words.</summary>
public static class Scale
{
    public static readonly IReadOnlyList<string> Words = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

    public static string Word(int score) => score is >= 1 and <= 5 ? Words[score - 1] : "no rating";

    public static string Organisation(OrganisationType t) => t switch
    {
        OrganisationType.Council => "Council",
        OrganisationType.Health => "Health",
        OrganisationType.Schools => "Schools and settings",
        OrganisationType.ParentCarerForum => "Parent carer forum",
        OrganisationType.YoungPeoplesForum => "Young people's forum",
        OrganisationType.SocialCare => "Social care",
        _ => "Other",
    };
}
