using SendDashboard.Data;

namespace SendDashboard.Features.Indicators;

/// <summary>The outcome areas in the order a board reads them (the four Preparing-for-Adulthood areas first), each with
/// the title every page uses for it and a sentence saying what it covers.</summary>
public static class OutcomeAreas
{
    public static readonly IReadOnlyList<(OutcomeArea Area, string Title, string Description)> All =
    [
        (OutcomeArea.Employment, "Employment", "Young people moving into paid work, supported internships, apprenticeships and training."),
        (OutcomeArea.IndependentLiving, "Independent living", "Young people choosing where and with whom they live, with the support they want."),
        (OutcomeArea.CommunityInclusion, "Friends, relationships and community", "Young people taking part in community life and keeping friendships."),
        (OutcomeArea.GoodHealth, "Good health", "Young people staying as healthy as they can into adult life."),
        (OutcomeArea.Timeliness, "Timeliness of assessments and plans", "How quickly needs assessments and EHC plans are completed."),
        (OutcomeArea.IdentificationOfNeed, "Identifying needs", "Requests, assessments and plans: how needs are being identified and met."),
        (OutcomeArea.ExperiencesAndVoice, "Experiences and voice of families", "What children, young people and parents tell us, and how disagreements are resolved."),
        (OutcomeArea.Inclusion, "Inclusion", "Attendance, exclusions and where children and young people learn."),
        (OutcomeArea.FinancialSustainability, "Financial sustainability", "Whether the local system can keep meeting needs within its resources."),
    ];

    public static string Title(OutcomeArea area) => All.First(o => o.Area == area).Title;
}
