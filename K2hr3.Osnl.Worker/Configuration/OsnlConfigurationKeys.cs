namespace K2hr3.Osnl.Worker.Configuration;

/// <summary>The .NET configuration keys the worker reads (BRIEF "Worker configuration contract").</summary>
public static class OsnlConfigurationKeys
{
    /// <summary><c>Osnl:&lt;section&gt;:&lt;option&gt;</c>: any INI option, same names and types.</summary>
    public const string Osnl = "Osnl";

    /// <summary><c>Osnl:Sources:&lt;name&gt;:&lt;option&gt;</c>: several notification sources.</summary>
    public const string Sources = "Osnl:Sources";

    /// <summary>An <c>amqp://</c>/<c>amqps://</c> URI (what Aspire injects) or an oslo <c>rabbit://</c> URL; replaces transport_url.</summary>
    public const string RabbitMqConnectionString = "ConnectionStrings:rabbitmq";

    /// <summary>The K2HR3 API: a base URL (empty or "/" path → <c>&lt;base&gt;/v1/role</c>) or the full role URL.</summary>
    public const string ApiUrl = "K2hr3:Api:Url";

    /// <summary>Aspire service discovery of the <c>k2hr3-api</c> resource (https preferred).</summary>
    public const string ApiServiceHttps = "services:k2hr3-api:https:0";

    public const string ApiServiceHttp = "services:k2hr3-api:http:0";
}
