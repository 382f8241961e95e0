using K2hr3.AppHost.Api;
using K2hr3.AppHost.App;
using K2hr3.AppHost.Dkc;
using K2hr3.AppHost.Osnl;
using K2hr3.AppHost.Osnl.Bootstrap;
using K2hr3.AppHost.Publishing;
using K2hr3.AppHost.RabbitMq;

var builder = DistributedApplication.CreateBuilder(args);

// K2HR3 settings (K2hr3:*), the runtime (K2hr3:Runtime = containers | processes | auto) and the cluster model every
// generated file comes from. Each component below runs in that runtime; its folder holds both halves.
var k2hr3 = builder.AddK2hr3Cluster();

// Data tier: k2hdkc-0..n-1, each a chmpx server and k2hdkc (processes: the chmpx is k2hdkc-<i>-chmpx, a child in
// the dashboard; containers: both in one container). Node i starts after node i-1 serves.
var k2hdkc = k2hr3.AddK2hdkcNodes();

// The API's chmpx slave, k2hr3-api-chmpx: joins once every data node serves (containers: inside the API's container).
var apiChmpx = k2hr3.AddChmpxSlave(k2hdkc);

// k2hr3-api: REST API, after its slave; healthy once k2hdkc answers through it.
var api = k2hr3.AddK2hr3Api(k2hdkc, apiChmpx);

// k2hr3-app: web UI; the browser calls the API directly at its public URL.
k2hr3.AddK2hr3App(api);

// rabbitmq: an existing broker (ConnectionStrings:rabbitmq), else in K2hr3:RabbitMq:Runtime or the cluster's runtime.
var rabbitmq = k2hr3.AddK2hr3RabbitMq();

// The API the listener deletes through: k2hr3-api above, or an existing one (K2hr3:Api:Url).
var listenerApi = k2hr3.ListenerApiTarget(api);

// osnl-bootstrap: authorizes the listener at that API (delhost role, role token) and seeds a demo role.
var bootstrap = builder.AddK2hr3Bootstrap(listenerApi, rabbitmq);

// osnl: the listener (K2hr3.Osnl.Worker) — .WithReference(rabbitmq).WaitFor(rabbitmq), the API, the bootstrap's
// token — with the "Simulate … delete" commands.
builder.AddK2hr3Osnl(rabbitmq, listenerApi, bootstrap);

// `aspire publish`: docker-compose.yaml, .env and the generated configs for the containers runtime.
k2hr3.AddK2hr3Publishing();

builder.Build().Run();
