using K2hr3.AppHost.RabbitMq;

var builder = DistributedApplication.CreateBuilder(args);

var rabbitmq = builder.AddK2hr3RabbitMq();

builder.AddProject<Projects.K2hr3_Osnl_Worker>("osnl")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq);

builder.Build().Run();
