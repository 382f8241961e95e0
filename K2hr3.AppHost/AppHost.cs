using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// K2HR3 settings (K2hr3:*), the runtime (containers | processes) and the cluster model every generated file comes from.
var k2hr3 = builder.AddK2hr3Cluster();

// Data tier: k2hdkc-<i> server nodes, each a chmpx server (k2hdkc-<i>-chmpx) plus k2hdkc.
var k2hdkc = k2hr3.AddK2hdkcNodes();

// REST API with its co-located chmpx slave (k2hr3-api-chmpx); starts once every data node serves.
var api = k2hr3.AddK2hr3Api(k2hdkc);

// Web UI; the browser calls the API directly at its public URL.
k2hr3.AddK2hr3App(api);

builder.AddProject<Projects.K2hr3_Osnl_Worker>("osnl");

builder.Build().Run();
