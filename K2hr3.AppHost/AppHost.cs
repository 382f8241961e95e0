using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Hosting;
using K2hr3.AppHost.Osnl;
using K2hr3.AppHost.RabbitMq;
using K2hr3.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(args);

// K2HR3 settings (K2hr3:*), the runtime (containers | processes) and the cluster model every generated file comes from.
var k2hr3 = builder.AddK2hr3Cluster();

// Data tier: k2hdkc-<i> server nodes, each a chmpx server (k2hdkc-<i>-chmpx) plus k2hdkc.
var k2hdkc = k2hr3.AddK2hdkcNodes();

// REST API with its co-located chmpx slave (k2hr3-api-chmpx); starts once every data node serves.
var api = k2hr3.AddK2hr3Api(k2hdkc);

// Web UI; the browser calls the API directly at its public URL.
k2hr3.AddK2hr3App(api);

// Broker: an existing one (ConnectionStrings:rabbitmq), else K2hr3:RabbitMq:Runtime, else the cluster's runtime.
var rabbitmq = builder.AddK2hr3RabbitMq(() => k2hr3.Runtime == K2hr3Runtime.Containers);

// Listener, its authorization bootstrap (osnl-bootstrap) and the simulate commands; an existing API via K2hr3:Api:Url.
builder.AddK2hr3Osnl(rabbitmq, k2hr3.ListenerApiTarget(api));

// `aspire publish`: docker-compose.yaml, .env and the generated configs for the containers runtime.
k2hr3.AddK2hr3Publishing();

builder.Build().Run();
