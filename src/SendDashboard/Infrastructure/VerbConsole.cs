using System.Text;

namespace SendDashboard.Infrastructure;

/// <summary>
/// Where a command-line verb writes its result and its errors, and how it asks for a secret: from the terminal without
/// echo when there is one (<see cref="IsInteractive"/>), never from a pipe. Tests give their own.
/// </summary>
public sealed record VerbConsole(TextWriter Out, TextWriter Error, bool IsInteractive, Func<string, string?> ReadSecret)
{
    public static VerbConsole System { get; } = new(Console.Out, Console.Error, !Console.IsInputRedirected, PromptWithoutEcho);

    /// <summary>Writes the prompt to standard error and reads a line from the terminal, echoing nothing; null at end of input.</summary>
    private static string? PromptWithoutEcho(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return text.ToString();
                case ConsoleKey.Backspace:
                    if (text.Length > 0) text.Length--;
                    break;
                default:
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is ConsoleKey.C or ConsoleKey.D)
                    {
                        Console.Error.WriteLine();
                        return null;
                    }
                    if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
                    break;
            }
        }
    }
}
