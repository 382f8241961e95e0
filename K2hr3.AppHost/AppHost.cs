using K2hr3.AppHost.Osnl;
using K2hr3.AppHost.RabbitMq;

var builder = DistributedApplication.CreateBuilder(args);

var rabbitmq = builder.AddK2hr3RabbitMq();

// The lead wires the modelled API here once it exists: builder.AddK2hr3Osnl(rabbitmq, api).
builder.AddK2hr3Osnl(rabbitmq);

builder.Build().Run();
