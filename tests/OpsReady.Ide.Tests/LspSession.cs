using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsReady.Ide.Tests;

/// <summary>
/// What an editor does with a C# language server for one open file (and, when a test needs it, other
/// files of the project): initialize with the settings that turn third-party analyzers on, open and
/// edit the files, and read their diagnostics (pushed by the server, or pulled by the client, whichever
/// the server offers) and the main file's code actions.
/// </summary>
public sealed class LspSession
{
    private readonly LspClient server;
    private readonly string path;
    private readonly string uri;
    private readonly DateTime deadline;
    private readonly StringBuilder summary = new();
    private volatile bool pullDiagnostics;
    private int syncKind = 1;
    private int version;
    private readonly Dictionary<string, int> otherVersions = new(StringComparer.Ordinal);
    private volatile bool codeActionResolve;
    private readonly bool clientPulls;

    /// <param name="clientPulls">
    /// Whether the client declares pull diagnostics (textDocument/diagnostic, as VS Code does); if
    /// not, the server must push them (textDocument/publishDiagnostics, as older clients expect).
    /// </param>
    public LspSession(LspClient server, string path, DateTime deadline, bool clientPulls = true)
    {
        this.server = server;
        this.clientPulls = clientPulls;
        this.path = Path.GetFullPath(path);
        uri = new Uri(this.path).AbsoluteUri;
        this.deadline = deadline;
        server.OnServerRequest = Answer;
    }

    /// <summary>The full path of the main file.</summary>
    public string FilePath => path;

    /// <summary>When each step finished, for the test output.</summary>
    public string Summary => summary.ToString();

    private TimeSpan Remaining => deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero;

    /// <summary>A diagnostic's code, which LSP allows to be a string or a number.</summary>
    public static string? Code(JsonNode diagnostic) => diagnostic["code"] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonNode other => other.ToJsonString(),
        null => null,
    };

    public void Mark(string step)
    {
        summary.Append($"[{server.Elapsed.TotalSeconds,7:0.0}s] {step}\n");
        server.Log("test", step);
    }

    public async Task InitializeAsync(string workspace)
    {
        var root = new Uri(Path.GetFullPath(workspace)).AbsoluteUri;
        var parameters = new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["clientInfo"] = new JsonObject { ["name"] = "OpsReady.Ide.Tests" },
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "workspace" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject
                {
                    ["configuration"] = true,
                    ["workspaceFolders"] = true,
                    ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true },
                },
                ["textDocument"] = new JsonObject
                {
                    ["synchronization"] = new JsonObject { ["dynamicRegistration"] = true, ["didSave"] = true },
                    ["publishDiagnostics"] = new JsonObject { ["versionSupport"] = true, ["codeDescriptionSupport"] = true },
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true },
                    ["codeAction"] = new JsonObject
                    {
                        ["dynamicRegistration"] = true,
                        ["codeActionLiteralSupport"] = new JsonObject
                        {
                            ["codeActionKind"] = new JsonObject
                            {
                                ["valueSet"] = new JsonArray("", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source"),
                            },
                        },
                        ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("edit") },
                        ["dataSupport"] = true,
                    },
                },
                ["window"] = new JsonObject { ["workDoneProgress"] = true },
            },
        };
        if (!clientPulls)
        {
            parameters["capabilities"]!["textDocument"]!.AsObject().Remove("diagnostic");
        }

        var result = await server.RequestAsync("initialize", parameters, Remaining)
            ?? throw new InvalidOperationException("initialize returned no result");

        var capabilities = result["capabilities"];
        if (clientPulls && capabilities?["diagnosticProvider"] != null)
        {
            pullDiagnostics = true;
        }

        syncKind = capabilities?["textDocumentSync"] switch
        {
            JsonValue kind => kind.GetValue<int>(),
            JsonObject options when options["change"] is JsonValue change => change.GetValue<int>(),
            _ => syncKind,
        };
        codeActionResolve |= capabilities?["codeActionProvider"]?["resolveProvider"]?.GetValue<bool>() == true;

        await server.NotifyAsync("initialized", new JsonObject());
        Mark($"initialized (client pulls diagnostics: {clientPulls}; document sync kind {syncKind})");
    }

    public async Task OpenAsync(string text)
    {
        version = 1;
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = version, ["text"] = text },
        });
        Mark($"opened {uri}");
    }

    /// <summary>
    /// Edits the open file: an insertion of whole lines where the server syncs incrementally (as an
    /// editor sends a typed line), else the full new text.
    /// </summary>
    public async Task ChangeAsync(string newText, (int Line, string Text)? insertAt = null)
    {
        version++;
        JsonObject change = insertAt is { } insert && syncKind == 2
            ? new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = insert.Line, ["character"] = 0 },
                    ["end"] = new JsonObject { ["line"] = insert.Line, ["character"] = 0 },
                },
                ["text"] = insert.Text,
            }
            : new JsonObject { ["text"] = newText };
        await server.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(change),
        });
        Mark($"changed the file to version {version}");
    }

    /// <summary>Opens another file of the project beside the main one (<paramref name="otherPath"/> is a full path).</summary>
    public async Task OpenOtherAsync(string otherPath, string text)
    {
        otherVersions[Path.GetFullPath(otherPath)] = 1;
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = UriOf(otherPath), ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        });
        Mark($"opened {UriOf(otherPath)}");
    }

    /// <summary>Replaces the whole text of another open file, as an editor sends a paste.</summary>
    public async Task ChangeOtherAsync(string otherPath, string newText)
    {
        var otherVersion = ++otherVersions[Path.GetFullPath(otherPath)];
        await server.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = UriOf(otherPath), ["version"] = otherVersion },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = newText }),
        });
        Mark($"changed {Path.GetFileName(otherPath)} to version {otherVersion}");
    }

    private static string UriOf(string file) => new Uri(Path.GetFullPath(file)).AbsoluteUri;

    /// <summary>
    /// Waits until the diagnostics for the open file, as last published by the server since this
    /// call (for the current version) or as pulled now, are accepted by <paramref name="accept"/>.
    /// A list published before the analyzers ran is simply not accepted: the wait goes on for a
    /// later publish or pull. Fails the test at the deadline, with the last lists seen.
    /// </summary>
    /// <param name="otherPath">Another open file to read the diagnostics of, instead of the main one.</param>
    public async Task<T> WaitForDiagnosticsAsync<T>(string what, Func<IReadOnlyList<JsonNode>, T?> accept, string? otherPath = null)
        where T : class
    {
        var file = otherPath == null ? path : Path.GetFullPath(otherPath);
        var fileVersion = otherPath == null ? version : otherVersions[file];
        var since = server.Elapsed;
        TimeSpan? lastPull = null;
        var seen = new List<string>();
        while (true)
        {
            if (LatestPushed(since, file, fileVersion) is { } pushed)
            {
                if (accept(pushed) is { } found)
                {
                    Mark($"{what}: from a push");
                    return found;
                }

                Remember(seen, "pushed", pushed);
            }

            if (pullDiagnostics && (lastPull == null || server.Elapsed - lastPull > TimeSpan.FromSeconds(2)))
            {
                lastPull = server.Elapsed;
                if (await PullAsync(UriOf(file)) is { } pulled)
                {
                    if (accept(pulled) is { } found)
                    {
                        Mark($"{what}: from a pull");
                        return found;
                    }

                    Remember(seen, "pulled", pulled);
                }
            }

            if (Remaining == TimeSpan.Zero || server.HasExited)
            {
                Assert.Fail($"{what}: not seen {(server.HasExited ? "before the server exited" : "within the time budget")} " +
                    $"({server.Elapsed.TotalSeconds:0} s after start). Diagnostic lists seen for {file}:\n{string.Join("\n", seen.TakeLast(5))}");
            }

            await server.WaitForMessageAsync(TimeSpan.FromSeconds(1) < Remaining ? TimeSpan.FromSeconds(1) : Remaining);
        }
    }

    /// <summary>The titles of the code actions the server offers at the diagnostic's range, once.</summary>
    public async Task<IReadOnlyList<string>> CodeActionTitlesAsync(JsonNode diagnostic)
        => Titles(await server.RequestAsync("textDocument/codeAction", CodeActionParams(diagnostic), Remaining)
            ?? throw new InvalidOperationException("textDocument/codeAction returned null for an open document"));

    private JsonObject CodeActionParams(JsonNode diagnostic) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["range"] = diagnostic["range"]!.DeepClone(),
        ["context"] = new JsonObject
        {
            ["diagnostics"] = new JsonArray(diagnostic.DeepClone()),
            ["triggerKind"] = 1,
        },
    };

    private static List<string> Titles(JsonNode? actions)
        => (actions as JsonArray ?? new JsonArray()).Select(a => a?["title"]?.GetValue<string>() ?? "(untitled)").ToList();

    /// <summary>Asks for code actions at the diagnostic's range until one has the title, or the deadline.</summary>
    public async Task<JsonNode> WaitForCodeActionAsync(JsonNode diagnostic, string title)
    {
        var titles = new List<string>();
        while (true)
        {
            JsonNode? actions = null;
            try
            {
                actions = await server.RequestAsync("textDocument/codeAction", CodeActionParams(diagnostic), Remaining);
            }
            catch (LspException e)
            {
                server.Log("test", "codeAction failed, retrying: " + e.Message);
            }
            catch (TimeoutException)
            {
                // Out of time: reported below.
            }

            titles = Titles(actions);
            var action = (actions as JsonArray)?.FirstOrDefault(a => a?["title"]?.GetValue<string>() == title);
            if (action != null)
            {
                return await ResolveAsync(action);
            }

            if (Remaining == TimeSpan.Zero || server.HasExited)
            {
                Assert.Fail($"No code action titled \"{title}\" at {diagnostic["range"]!.ToJsonString()}; offered: [{string.Join(", ", titles)}]");
            }

            await Task.Delay(TimeSpan.FromSeconds(2) < Remaining ? TimeSpan.FromSeconds(2) : Remaining);
        }
    }

    private async Task<JsonNode> ResolveAsync(JsonNode action)
    {
        if (action["edit"] != null || action["data"] == null || !codeActionResolve)
        {
            return action;
        }

        // The server sent the title only: resolving gives the edit the fix would apply.
        var resolved = await server.RequestAsync("codeAction/resolve", action.DeepClone(), Remaining)
            ?? throw new InvalidOperationException("codeAction/resolve returned nothing");
        Assert.Contains("ServiceOwner", resolved["edit"]?.ToJsonString() ?? "");
        return resolved;
    }

    private async Task<IReadOnlyList<JsonNode>?> PullAsync(string documentUri)
    {
        try
        {
            var report = await server.RequestAsync("textDocument/diagnostic", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = documentUri },
            }, Remaining);
            return report?["kind"]?.GetValue<string>() == "full" && report["items"] is JsonArray items
                ? items.Where(i => i != null).Select(i => i!).ToList()
                : null;
        }
        catch (LspException e)
        {
            // E.g. "content modified" or "server cancelled" while the solution loads: ask again.
            server.Log("test", "pull failed, will retry: " + e.Message);
            return null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>The diagnostics of the last publish for the file since <paramref name="since"/>, if for its current version.</summary>
    private IReadOnlyList<JsonNode>? LatestPushed(TimeSpan since, string file, int fileVersion)
    {
        var latest = server.Notifications("textDocument/publishDiagnostics")
            .Where(n => n.At >= since && IsFile(n.Params?["uri"]?.GetValue<string>(), file))
            .Select(n => n.Params!)
            .LastOrDefault();
        if (latest == null || latest["version"] is JsonValue v && v.GetValue<int>() < fileVersion)
        {
            return null;
        }

        return (latest["diagnostics"] as JsonArray ?? new JsonArray()).Where(d => d != null).Select(d => d!).ToList();
    }

    private static bool IsFile(string? documentUri, string file)
        => documentUri != null
            && Uri.TryCreate(documentUri, UriKind.Absolute, out var parsed)
            && parsed.IsFile
            && string.Equals(Path.GetFullPath(parsed.LocalPath), file, StringComparison.Ordinal);

    private static void Remember(List<string> seen, string how, IReadOnlyList<JsonNode> diagnostics)
    {
        var text = $"{how}: [{string.Join(", ", diagnostics.Select(d => $"{Code(d)}@{d["range"]?["start"]?["line"]}"))}]";
        if (seen.Count == 0 || seen[^1] != text)
        {
            seen.Add(text);
        }
    }

    /// <summary>The client's answers to the server's requests.</summary>
    private JsonNode? Answer(string method, JsonNode? parameters)
    {
        switch (method)
        {
            case "workspace/configuration":
                // One answer per item asked. Third-party analyzers run in csharp-ls only with this.
                var answers = new JsonArray();
                foreach (var item in parameters?["items"] as JsonArray ?? new JsonArray())
                {
                    answers.Add(item?["section"]?.GetValue<string>() switch
                    {
                        "csharp" => new JsonObject { ["analyzersEnabled"] = true },
                        "csharp.analyzersEnabled" => JsonValue.Create(true),
                        _ => null,
                    });
                }

                return answers;

            case "client/registerCapability":
                foreach (var registration in parameters?["registrations"] as JsonArray ?? new JsonArray())
                {
                    switch (registration?["method"]?.GetValue<string>())
                    {
                        case "textDocument/diagnostic":
                            pullDiagnostics = clientPulls;
                            server.Log("test", $"the server registered pull diagnostics; the client {(clientPulls ? "will pull" : "does not pull")}");
                            break;
                        case "textDocument/codeAction":
                            codeActionResolve |= registration["registerOptions"]?["resolveProvider"]?.GetValue<bool>() == true;
                            break;
                    }
                }

                return null;

            default:
                // window/workDoneProgress/create, workspace/diagnostic/refresh, ...: acknowledged.
                return null;
        }
    }
}
