using FedWorkbench.Cli;

return await CliApplication.InvokeAsync(args, Console.Out, Console.Error, handleProcessTermination: true);
