var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.K2hr3_Osnl_Worker>("osnl");

builder.Build().Run();
