namespace FedWorkbench.Web.Boards.Templates;

/// <summary>Predictive maintenance on factory machines: plants with noisy sensors, dropouts and a round deadline.</summary>
internal static class FactoriesTemplate
{
    public static BoardTemplate Create()
    {
        BoardDocument document = new TemplateBuilder()
            .Note(TemplateFrame.Requirements, "Which failure must the model predict, and how early must the warning come to plan a repair?")
            .Note(TemplateFrame.Requirements, "What does a missed failure cost compared with a needless stop of the line?")
            .Note(TemplateFrame.Requirements, "Why not pool the sensor data centrally: trade secrets, network limits, or several companies?")
            .Note(TemplateFrame.Data, "Data stand-in: Fashion-MNIST images play the sensor windows here, so the run shows noise and stragglers, not maintenance quality.")
            .Note(TemplateFrame.Data, "Plant B has older sensors: its clients add more feature noise. How do you calibrate sensors across plants?")
            .Note(TemplateFrame.Data, "Failures are rare and labels come from repair logs. How do you label a window as 'before failure'?")
            .Note(TemplateFrame.Training, "The round deadline of 15 s drops slow machines as stragglers. Which deadline keeps enough updates per round?")
            .Note(TemplateFrame.Training, "Over-selection samples 20% more machines than a round needs. Is that cheaper than a longer deadline?")
            .Note(TemplateFrame.Deployment, "Training runs on edge gateways beside the machines. How much CPU may it take from the control systems?")
            .Note(TemplateFrame.Deployment, "Plant B's network is slow and drops out. Should it train less often, or send compressed updates?")
            .Note(TemplateFrame.Deployment, "How do you roll back a model that raises false alarms on one production line?")
            .Note(TemplateFrame.Monitoring, "Watch dropped and straggling clients per round in the run. When is a plant too unreliable to include?")
            .Note(TemplateFrame.Monitoring, "How do you detect drift when a plant changes its product or replaces a machine?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Secure aggregation hides each plant's update; a round needs half the selected machines to report. What if a plant goes offline?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Does the model itself leak production volumes or recipes to a competitor in the same consortium?")
            .Element(TemplateFrame.Data, 0, 0, BoardElementTypes.DataSource, "data", "Sensor windows (stand-in: Fashion-MNIST)", new { dataset = "fashion-mnist" })
            .Element(TemplateFrame.Data, 1, 0, BoardElementTypes.ClientGroup, "grp-plant-a", "Plant A machines", new
            {
                count = 10,
                dataShare = 0.25,
                partition = "feature-noise",
                featureNoiseSigma = 0.1,
                dropout = 0.05,
                computeSpeedMedian = 2000.0,
                bandwidthMedianMbps = 50.0,
            })
            .Element(TemplateFrame.Data, 1, 1, BoardElementTypes.ClientGroup, "grp-plant-b", "Plant B machines (older sensors)", new
            {
                count = 10,
                dataShare = 0.25,
                partition = "feature-noise",
                featureNoiseSigma = 0.5,
                dropout = 0.2,
                computeSpeedMedian = 200.0,
                computeSpeedSpread = 0.5,
                bandwidthMedianMbps = 1.0,
                bandwidthSpread = 0.8,
            })
            .Element(TemplateFrame.Training, 1, 0, BoardElementTypes.Server, "srv", "Maintenance server", new
            {
                strategy = "fedavg",
                rounds = 20,
                clientFraction = 0.5,
                overSelection = 0.2,
                roundDeadlineSeconds = 15.0,
                localEpochs = 1,
                batchSize = 20,
                learningRate = 0.05,
            })
            .Element(TemplateFrame.Training, 0, 1, BoardElementTypes.Model, "model", "Failure classifier (2NN)", new { model = "mlp", hiddenLayers = new[] { 100 } })
            .Element(TemplateFrame.PrivacyAndSecurity, 0, 0, BoardElementTypes.Privacy, "sa", "Secure aggregation", new
            {
                mechanism = BoardSchema.SecureAggregationMechanism,
                secureAggregationThreshold = 0.5,
            })
            .Connect("grp-plant-a", "srv")
            .Connect("grp-plant-b", "srv")
            .Connect("data", "grp-plant-a")
            .Connect("model", "srv")
            .Connect("sa", "srv")
            .Build("Predictive maintenance on factory machines");

        return new BoardTemplate("factories", "Predictive maintenance on factory machines",
            "20 machines in two plants with feature noise, dropouts and a 15 s round deadline, with secure aggregation.",
            document);
    }
}
