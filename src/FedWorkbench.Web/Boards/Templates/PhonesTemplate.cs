namespace FedWorkbench.Web.Boards.Templates;

/// <summary>Next-word prediction on phones: cross-device training with many unreliable clients.</summary>
internal static class PhonesTemplate
{
    public static BoardTemplate Create()
    {
        BoardDocument document = new TemplateBuilder()
            .Note(TemplateFrame.Requirements, "Which quality gain justifies training on phones instead of on public text? Name the metric, for example top-1 next-word accuracy.")
            .Note(TemplateFrame.Requirements, "What may a training round cost a user: battery, data volume, minutes of idle time?")
            .Note(TemplateFrame.Requirements, "Which words must never leave the phone, even inside a model update (passwords, names, health terms)?")
            .Note(TemplateFrame.Data, "Data stand-in: Fashion-MNIST images play the typed text here, so the run shows how the federated set-up behaves, not keyboard quality.")
            .Note(TemplateFrame.Data, "How skewed is each user's vocabulary, and how many sentences does a typical phone hold?")
            .Note(TemplateFrame.Data, "Where do labels come from: the word the user actually typed next? How do you drop auto-corrected text?")
            .Note(TemplateFrame.Training, "How many phones are eligible per round (charging, on Wi-Fi, idle), and how many do you sample?")
            .Note(TemplateFrame.Training, "How big may the model be so that it trains in minutes and fits the keyboard's memory budget?")
            .Note(TemplateFrame.Training, "How many local epochs before phones with unusual vocabularies pull the model apart?")
            .Note(TemplateFrame.Deployment, "How do you roll out a new global model: staged rollout, A/B test against the current keyboard?")
            .Note(TemplateFrame.Deployment, "What happens when a phone leaves Wi-Fi mid-round? Here the mobile-data group drops out more often and over-selection covers it.")
            .Note(TemplateFrame.Monitoring, "Which metrics can you see without seeing any text: loss on held-out phones, participation, dropout per round?")
            .Note(TemplateFrame.Monitoring, "How would you notice that one app's language (a game chat) dominates the updates?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Client DP: each phone clips its update, and the server adds noise to the masked sum. What ε can you state to users?")
            .Note(TemplateFrame.PrivacyAndSecurity, "With about 10 phones per round, noise 0.3 already reports ε in the tens; production systems sample thousands of phones per round. Raise the noise and watch accuracy.")
            .Note(TemplateFrame.PrivacyAndSecurity, "Secure aggregation needs 60% of the selected phones to report. What if fewer do?")
            .Element(TemplateFrame.Data, 0, 0, BoardElementTypes.DataSource, "data", "Typed text (stand-in: Fashion-MNIST)", new { dataset = "fashion-mnist" })
            .Element(TemplateFrame.Data, 1, 0, BoardElementTypes.ClientGroup, "grp-phones-wifi", "Phones on Wi-Fi", new
            {
                count = 150,
                dataShare = 0.3,
                partition = "dirichlet",
                dirichletAlpha = 0.5,
                dropout = 0.1,
                computeSpeedMedian = 800.0,
                bandwidthMedianMbps = 20.0,
                bandwidthSpread = 0.5,
            })
            .Element(TemplateFrame.Data, 1, 1, BoardElementTypes.ClientGroup, "grp-phones-mobile", "Phones on mobile data", new
            {
                count = 50,
                dataShare = 0.1,
                partition = "dirichlet",
                dirichletAlpha = 0.3,
                dropout = 0.3,
                computeSpeedMedian = 300.0,
                computeSpeedSpread = 1.0,
                bandwidthMedianMbps = 2.0,
                bandwidthSpread = 1.0,
            })
            .Element(TemplateFrame.Training, 1, 0, BoardElementTypes.Server, "srv", "Keyboard training server", new
            {
                strategy = "fedavg",
                rounds = 30,
                clientFraction = 0.05,
                overSelection = 0.3,
                localEpochs = 1,
                batchSize = 10,
                learningRate = 0.1,
            })
            .Element(TemplateFrame.Training, 0, 1, BoardElementTypes.Model, "model", "Small on-device model", new { model = "softmax", hiddenLayers = Array.Empty<int>() })
            .Element(TemplateFrame.PrivacyAndSecurity, 0, 0, BoardElementTypes.Privacy, "dp", "Client DP", new
            {
                mechanism = BoardSchema.DifferentialPrivacyMechanism,
                differentialPrivacy = "client",
                clipNorm = 1.0,
                noiseMultiplier = 0.3,
                delta = 1e-5,
            })
            .Element(TemplateFrame.PrivacyAndSecurity, 1, 0, BoardElementTypes.Privacy, "sa", "Secure aggregation", new
            {
                mechanism = BoardSchema.SecureAggregationMechanism,
                secureAggregationThreshold = 0.6,
            })
            .Connect("grp-phones-wifi", "srv")
            .Connect("grp-phones-mobile", "srv")
            .Connect("data", "grp-phones-wifi")
            .Connect("model", "srv")
            .Connect("dp", "srv")
            .Connect("sa", "srv")
            .Build("Next-word prediction on phones");

        return new BoardTemplate("phones", "Next-word prediction on phones",
            "Cross-device: 200 phones in two groups, 5% sampled per round with over-selection for dropouts, client DP and secure aggregation.",
            document);
    }
}
