namespace K2hr3.AppHost.Osnl;

/// <summary>The modelled <c>k2hr3-api</c> as the listener and its bootstrap see it.</summary>
public static class K2hr3ClusterApiTarget
{
    /// <summary>
    /// The API the listener and its bootstrap use: an existing one when <c>K2hr3:Api:Url</c> names it, else this model's
    /// <c>k2hr3-api</c>: on loopback without a proxy (the API must see the listener's own address), whether this host can run
    /// it, and the <c>k2hr3admin</c> tenant and delhost role the model configured it with.
    /// </summary>
    public static K2hr3ApiTarget ListenerApiTarget(this K2hr3ClusterBuilder k2hr3, K2hr3Component api)
    {
        ArgumentNullException.ThrowIfNull(k2hr3);
        ArgumentNullException.ThrowIfNull(api);
        var modelled = new K2hr3ApiTarget.Modelled(
            api.Resource.Resource,
            k2hr3.Model.ApiDirectUrl,
            api.IsAvailable,
            k2hr3.Model.Api.AdminTenant,
            k2hr3.Model.Api.DeleteHostRole);
        return K2hr3ApiTarget.Resolve(k2hr3.ApplicationBuilder.Configuration, modelled)!;
    }
}
