using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Venvid.AppHost.Infrastructure;

namespace Venvid.Tests.RunCommand;

public sealed class HostPortTests
{
    private static ExecutableResource WithPort(string name, int? port)
    {
        var resource = new ExecutableResource(name, "true", ".");
        resource.Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "http", name: "http", port: port));
        return resource;
    }

    [Fact]
    public void Two_resources_claiming_one_host_port_are_refused_by_name()
    {
        var model = new DistributedApplicationModel([WithPort("api-ca", 5380), WithPort("web", 5080), WithPort("api-eu", 5380)]);

        var refused = Assert.Throws<DistributedApplicationException>(() => HostPorts.EnsureDistinct(model));

        Assert.Contains("5380", refused.Message, StringComparison.Ordinal);
        Assert.Contains("api-ca (http)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("api-eu (http)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Distinct_and_allocated_ports_start()
    {
        var model = new DistributedApplicationModel([WithPort("api-ca", 5380), WithPort("api-eu", 5381), WithPort("redis", null), WithPort("storage", null)]);

        HostPorts.EnsureDistinct(model);
    }
}
