using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsReady.Ide.Tests;

/// <summary>An error response from the server (JSON-RPC "error" member).</summary>
public sealed class LspException(string method, JsonNode? error)
    : Exception($"{method} failed: {error?.ToJsonString()}")
{
    public JsonNode? Error { get; } = error;
}

/// <summary>
/// A small Language Server Protocol client: JSON-RPC 2.0 over a server process's stdin/stdout,
/// each message framed by a <c>Content-Length</c> header. It answers the server's own requests
/// through <see cref="OnServerRequest"/>, keeps every notification, and records all traffic (and the
/// server's stderr) with timestamps so a failing test can print what was said.
/// </summary>
public sealed class LspClient : IDisposable
{
    private const int LoggedMessageLimit = 3000;

    private readonly Process process;
    private readonly Stream toServer;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, (string Method, TaskCompletionSource<JsonNode?> Reply)> pending = new();
    private readonly List<(string Method, JsonNode? Params, TimeSpan At)> notifications = new();
    private readonly StringBuilder traffic = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Task readLoop;
    private TaskCompletionSource received = NewSignal();
    private long nextId;
    private volatile bool closed;

    private LspClient(Process process)
    {
        this.process = process;
        toServer = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                Log("stderr", e.Data);
            }
        };
        process.BeginErrorReadLine();
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Answers a request the server sends to the client (method, params) with a result.</summary>
    public Func<string, JsonNode?, JsonNode?> OnServerRequest { get; set; } = (_, _) => null;

    /// <summary>Time since the server was started.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    public bool HasExited => process.HasExited;

    /// <summary>Everything exchanged so far, one line a message, oldest first.</summary>
    public string Traffic
    {
        get
        {
            lock (traffic)
            {
                return traffic.ToString();
            }
        }
    }

    /// <summary>Starts the server; the environment is cleaned of what `dotnet test` sets for its own children.</summary>
    public static LspClient Start(string fileName, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host's MSBuild settings would make the server's MSBuild load the wrong SDK pieces.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName} {arguments}");
        var client = new LspClient(process);
        client.Log("start", $"pid {process.Id}: {fileName} {arguments} (in {workingDirectory})");
        return client;
    }

    /// <summary>Sends a request and waits for its response (the "result" member).</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref nextId);
        var reply = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = (method, reply);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        try
        {
            return await reply.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            pending.TryRemove(id, out _);
            Log("timeout", $"{method} #{id} got no answer in {timeout.TotalSeconds:0} s; cancelling it");
            await NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });
            throw new TimeoutException($"{method} #{id} got no answer in {timeout.TotalSeconds:0} s");
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters)
        => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The notifications received so far with this method, oldest first, with when they arrived.</summary>
    public IReadOnlyList<(JsonNode? Params, TimeSpan At)> Notifications(string method)
    {
        lock (notifications)
        {
            return notifications.Where(n => n.Method == method).Select(n => (n.Params, n.At)).ToList();
        }
    }

    /// <summary>Completes when the next message arrives from the server, or after <paramref name="max"/>.</summary>
    public async Task WaitForMessageAsync(TimeSpan max)
    {
        Task next;
        lock (notifications)
        {
            next = received.Task;
        }

        if (max > TimeSpan.Zero)
        {
            await Task.WhenAny(next, Task.Delay(max));
        }
    }

    public void Log(string kind, string text)
    {
        if (text.Length > LoggedMessageLimit)
        {
            text = text[..LoggedMessageLimit] + $"… ({text.Length} chars)";
        }

        lock (traffic)
        {
            traffic.Append($"[{clock.Elapsed.TotalSeconds,8:0.000}s] {kind,-8} {text}\n");
        }
    }

    /// <summary>Asks the server to shut down, then kills whatever is left of its process tree.</summary>
    public void Dispose()
    {
        // Noted first: if the server's own shutdown leaves a build host behind, it is ended too.
        var tree = Descendants(process.Id);
        try
        {
            if (!closed && !process.HasExited)
            {
                RequestAsync("shutdown", null, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
                NotifyAsync("exit", null).GetAwaiter().GetResult();
                process.WaitForExit(5000);
            }
        }
        catch (Exception e)
        {
            Log("dispose", "orderly shutdown failed: " + e.Message);
        }
        finally
        {
            try
            {
                if (!process.HasExited)
                {
                    // `dotnet tool run` starts the server as a child, which starts MSBuild build hosts.
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10000);
                }
            }
            catch (Exception e)
            {
                Log("dispose", "kill failed: " + e.Message);
            }

            foreach (var left in tree)
            {
                try
                {
                    if (!left.HasExited)
                    {
                        Log("dispose", $"ending leftover process {left.Id}");
                        left.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception e)
                {
                    Log("dispose", $"could not end process {left.Id}: {e.Message}");
                }
                finally
                {
                    left.Dispose();
                }
            }

            Log("exit", process.HasExited ? $"server exited with {process.ExitCode}" : "server still running");
            process.Dispose();
        }
    }

    /// <summary>The processes below <paramref name="root"/> (Linux: read from /proc; elsewhere none).</summary>
    private static List<Process> Descendants(int root)
    {
        var found = new List<Process>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = new List<int>();
                }

                list.Add(pid);
            }
            catch (Exception)
            {
                // The process ended meanwhile.
            }
        }

        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            foreach (var child in children.GetValueOrDefault(queue.Dequeue()) ?? [])
            {
                queue.Enqueue(child);
                try
                {
                    found.Add(Process.GetProcessById(child));
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        return found;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task SendAsync(JsonObject message)
    {
        var json = message.ToJsonString();
        var body = Encoding.UTF8.GetBytes(json);
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        Log("->", json);
        await writeLock.WaitAsync();
        try
        {
            await toServer.WriteAsync(header);
            await toServer.WriteAsync(body);
            await toServer.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var stream = new BufferedStream(process.StandardOutput.BaseStream);
        try
        {
            while (true)
            {
                var length = await ReadHeadersAsync(stream);
                if (length < 0)
                {
                    Log("eof", "the server closed its output");
                    return;
                }

                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                var json = Encoding.UTF8.GetString(body);
                Log("<-", json);
                Dispatch(JsonNode.Parse(json)!.AsObject());
            }
        }
        catch (Exception e)
        {
            Log("error", "reading from the server failed: " + e);
        }
        finally
        {
            closed = true;
            foreach (var (id, call) in pending)
            {
                if (pending.TryRemove(id, out _))
                {
                    call.Reply.TrySetException(new IOException($"{call.Method}: the server closed its output (exited: {process.HasExited})"));
                }
            }

            Signal();
        }
    }

    /// <summary>Reads header lines up to the blank line; the Content-Length, or -1 at end of stream.</summary>
    private static async Task<int> ReadHeadersAsync(Stream stream)
    {
        var length = -1;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return -1;
            }

            if (one[0] != '\n')
            {
                if (one[0] != '\r')
                {
                    line.Append((char)one[0]);
                }

                continue;
            }

            if (line.Length == 0)
            {
                if (length < 0)
                {
                    throw new InvalidDataException("a message from the server has no Content-Length header");
                }

                return length;
            }

            var text = line.ToString();
            var colon = text.IndexOf(':');
            if (colon > 0 && text[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(text[(colon + 1)..].Trim());
            }

            line.Clear();
        }
    }

    private void Dispatch(JsonObject message)
    {
        var method = message["method"] is JsonValue m ? m.GetValue<string>() : null;
        var id = message["id"];
        if (method != null && id != null)
        {
            // A request from the server: answer it, or the server may wait forever.
            JsonObject response;
            try
            {
                var result = OnServerRequest(method, message["params"]);
                response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result };
            }
            catch (Exception e)
            {
                response = new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = id.DeepClone(),
                    ["error"] = new JsonObject { ["code"] = -32603, ["message"] = e.Message },
                };
            }

            _ = SendAsync(response);
        }
        else if (method != null)
        {
            lock (notifications)
            {
                notifications.Add((method, message["params"], clock.Elapsed));
            }
        }
        else if (id is JsonValue value && value.TryGetValue<long>(out var number) && pending.TryRemove(number, out var call))
        {
            if (message["error"] is JsonNode error)
            {
                call.Reply.TrySetException(new LspException(call.Method, error));
            }
            else
            {
                call.Reply.TrySetResult(message["result"]);
            }
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (notifications)
        {
            previous = received;
            received = NewSignal();
        }

        previous.TrySetResult();
    }
}
