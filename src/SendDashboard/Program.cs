using SendDashboard;

return await AppHost.RunAsync(args);
