using System.Text.Json.Nodes;

namespace K2hr3.AppHost.Osnl.Simulation;

/// <summary>
/// The two notifications a VM deletion produces in OpenStack, shaped like upstream's samples
/// (<c>notifications_neutron.json</c>, <c>versioned_notifications_nova.json</c>) with the fields the listener reads:
/// neutron <c>payload.port.device_id</c> + <c>fixed_ips[].ip_address</c>, nova <c>payload["nova_object.data"].uuid</c>.
/// </summary>
internal static class DeleteNotifications
{
    /// <summary>The compute/network host named in publisher ids; it matches the default filters.</summary>
    public const string SimulatorHost = "k2hr3-simulator";

    /// <summary>neutron <c>port.delete.end</c> for the port of instance <paramref name="instanceId"/> with <paramref name="ips"/>.</summary>
    public static OsloNotification NeutronPortDelete(string instanceId, IReadOnlyList<string> ips, DateTime nowUtc)
    {
        var portId = Guid.NewGuid().ToString();
        var subnetId = Guid.NewGuid().ToString();
        var fixedIps = new JsonArray();
        foreach (var ip in ips)
        {
            fixedIps.Add(new JsonObject { ["ip_address"] = ip, ["subnet_id"] = subnetId });
        }

        var created = nowUtc.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var payload = new JsonObject
        {
            ["port"] = new JsonObject
            {
                ["admin_state_up"] = true,
                ["binding:host_id"] = SimulatorHost,
                ["binding:vif_type"] = "ovs",
                ["binding:vnic_type"] = "normal",
                ["created_at"] = created,
                ["description"] = string.Empty,
                ["device_id"] = instanceId,
                ["device_owner"] = "compute:nova",
                ["fixed_ips"] = fixedIps,
                ["id"] = portId,
                ["mac_address"] = "fa:16:3e:00:00:05",
                ["name"] = string.Empty,
                ["network_id"] = Guid.NewGuid().ToString(),
                ["project_id"] = "k2hr3-demo",
                ["status"] = "ACTIVE",
                ["tenant_id"] = "k2hr3-demo",
                ["updated_at"] = created,
            },
            ["port_id"] = portId,
        };
        return OsloNotification.Create($"network.{SimulatorHost}", "port.delete.end", payload, nowUtc);
    }

    /// <summary>nova versioned <c>instance.delete.end</c> for instance <paramref name="instanceId"/>.</summary>
    public static OsloNotification NovaInstanceDelete(string instanceId, DateTime nowUtc)
    {
        var deleted = nowUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var payload = new JsonObject
        {
            ["nova_object.data"] = new JsonObject
            {
                ["availability_zone"] = "nova",
                ["deleted_at"] = deleted,
                ["display_name"] = "k2hr3-demo-vm",
                ["host"] = SimulatorHost,
                ["host_name"] = "k2hr3-demo-vm",
                ["ip_addresses"] = new JsonArray(),
                ["node"] = SimulatorHost,
                ["power_state"] = "pending",
                ["state"] = "deleted",
                ["task_state"] = null,
                ["tenant_id"] = "k2hr3-demo",
                ["terminated_at"] = deleted,
                ["uuid"] = instanceId,
            },
            ["nova_object.name"] = "InstanceActionPayload",
            ["nova_object.namespace"] = "nova",
            ["nova_object.version"] = "1.7",
        };
        return OsloNotification.Create($"nova-compute:{SimulatorHost}", "instance.delete.end", payload, nowUtc);
    }
}
