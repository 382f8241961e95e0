using System.CommandLine;
using K2hr3.ApiLoad;

// dotnet run -c Release --project bench/K2hr3.ApiLoad -- --api http://127.0.0.1:18080 --seconds 60
var api = new Option<string>("--api")
{
    Description = "the K2HR3 API (dummyuserapi: any user gets a scoped token for tenant0); DELETEs are accepted only from an address in its delhostrole — the AppHost's bootstrap registers 127.0.0.1 (the listener)",
    DefaultValueFactory = _ => "http://127.0.0.1:18080",
};
api.Validators.Add(result =>
{
    if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
    {
        result.AddError("--api must be an absolute http(s) URL, e.g. http://127.0.0.1:18080");
    }
});
var seconds = new Option<int>("--seconds") { Description = "how long to load the API", DefaultValueFactory = _ => 60 };
var writers = new Option<int>("--writers") { Description = "concurrent role writers (PUT /v1/role/<role>?host=…)", DefaultValueFactory = _ => 4 };
var readers = new Option<int>("--readers") { Description = "concurrent role readers (GET /v1/role/<role>)", DefaultValueFactory = _ => 4 };
var deleters = new Option<int>("--deleters") { Description = "concurrent listener-style deleters (DELETE /v1/role?cuk=…&host=[…], no token)", DefaultValueFactory = _ => 2 };
var roles = new Option<int>("--roles") { Description = "roles the writers and readers spread over", DefaultValueFactory = _ => 8 };
var markdown = new Option<FileInfo?>("--markdown") { Description = "also write the result table as Markdown to this file", HelpName = "FILE" };

var root = new RootCommand("Concurrent role reads, writes and listener DELETEs against a running K2HR3 API (bench/README.md).")
{
    api, seconds, writers, readers, deleters, roles, markdown,
};
root.SetAction((parseResult, cancellationToken) =>
{
    var options = new LoadOptions(
        new Uri(parseResult.GetValue(api)!),
        TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(seconds))),
        Math.Max(0, parseResult.GetValue(writers)),
        Math.Max(0, parseResult.GetValue(readers)),
        Math.Max(0, parseResult.GetValue(deleters)),
        Math.Max(1, parseResult.GetValue(roles)),
        parseResult.GetValue(markdown)?.FullName,
        args);
    return ApiLoad.RunAsync(options, Console.Out, cancellationToken);
});
return await root.Parse(args).InvokeAsync();
