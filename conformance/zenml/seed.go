package zenml

import (
	"time"
)

// seed builds the seeded state described in doc.go, with extra accounts.
// Every call builds fresh values, so a reset server shares nothing with the
// state it replaces.
func seed(extra []User) *state {
	st := &state{created: map[idKind]int{}}

	var (
		defaultUser = makeID(userKind, 1)
		alice       = makeID(userKind, 2)

		defaultProject  = makeID(projectKind, 1)
		researchProject = makeID(projectKind, 2)

		training   = makeID(pipelineKind, 1)
		inference  = makeID(pipelineKind, 2)
		etl        = makeID(pipelineKind, 3)
		evaluation = makeID(pipelineKind, 4)

		defaultStack = makeID(stackKind, 1)
		awsStack     = makeID(stackKind, 2)

		iris = makeID(modelKind, 1)
	)

	for _, u := range []*user{
		{ident: ident{defaultUser}, Name: DefaultUsername, FullName: "Default Admin", Email: "default@zenml.example.com", Active: true, IsAdmin: true, Created: at(4, 1, 9, 0, 0), Updated: at(4, 1, 9, 0, 0), password: DefaultPassword},
		{ident: ident{alice}, Name: "alice", FullName: "Alice Liddell", Email: "alice@zenml.example.com", Active: true, Created: at(4, 2, 9, 0, 0), Updated: at(4, 20, 16, 30, 0), password: "wonderland"},
		{ident: ident{makeID(userKind, 3)}, Name: "bob", FullName: "Bob Builder", Email: "bob@zenml.example.com", Active: false, Created: at(4, 3, 9, 0, 0), Updated: at(5, 10, 8, 0, 0), password: "builder"},
	} {
		st.users.insert(u)
	}
	for _, x := range extra {
		u := &user{Name: x.Name, FullName: x.FullName, Email: x.Email, Active: !x.Inactive, IsAdmin: x.Admin, Created: at(4, 1, 9, 0, 0), Updated: at(4, 1, 9, 0, 0), password: x.Password}
		if old, found := st.users.find(func(v *user) bool { return v.Name == x.Name }); found {
			u.ident, u.Created = old.ident, old.Created
			*old = *u
			continue
		}
		u.ident = ident{makeID(userKind, len(st.users.all())+1)}
		st.users.insert(u)
	}

	st.projects.insert(&project{ident: ident{defaultProject}, Name: "default", Description: "The project every ZenML server starts with.", Created: at(4, 1, 9, 0, 0)})
	st.projects.insert(&project{ident: ident{researchProject}, Name: "research", Description: "Experimental data and evaluation pipelines.", Created: at(4, 2, 10, 0, 0)})

	for _, p := range []*pipeline{
		{ident: ident{training}, Name: "training_pipeline", Description: text("Trains the iris classifier and registers a new model version."), Version: text("3"),
			Spec: map[string]any{"version": "0.4", "steps": []any{"load_data", "train_model", "evaluate_model"}}, ProjectID: defaultProject, UserID: defaultUser, Created: at(4, 10, 9, 0, 0), Updated: at(4, 28, 17, 45, 0)},
		{ident: ident{inference}, Name: "inference_pipeline", Description: text("Scores new measurements with the production iris classifier."), Version: text("1"),
			Spec: map[string]any{"version": "0.4", "steps": []any{"load_batch", "predict"}}, ProjectID: defaultProject, UserID: defaultUser, Created: at(4, 12, 9, 0, 0), Updated: at(4, 12, 9, 0, 0)},
		{ident: ident{etl}, Name: "etl_pipeline", Description: text("Loads and cleans raw measurements."), Version: text("2"),
			Spec: map[string]any{"version": "0.4", "steps": []any{"extract", "transform", "load"}}, ProjectID: researchProject, UserID: alice, Created: at(4, 15, 9, 0, 0), Updated: at(4, 22, 11, 0, 0)},
		{ident: ident{evaluation}, Name: "evaluation_pipeline", Description: text("Compares model versions on a held-out set; never run yet."), Version: text("1"),
			ProjectID: researchProject, UserID: alice, Created: at(4, 18, 9, 0, 0), Updated: at(4, 18, 9, 0, 0)},
	} {
		st.pipelines.insert(p)
	}

	// Runs, in the order they started. The last one is still executing.
	for i, r := range []struct {
		pipeline, name, stack, status, user string
		start                               time.Time
		took                                time.Duration
	}{
		{training, "training_pipeline", defaultStack, "completed", defaultUser, at(5, 1, 2, 0, 0), 14*time.Minute + 5*time.Second},
		{training, "training_pipeline", defaultStack, "failed", defaultUser, at(5, 2, 2, 0, 0), 3*time.Minute + 10*time.Second},
		{etl, "etl_pipeline", defaultStack, "completed", alice, at(5, 2, 6, 0, 0), 20 * time.Minute},
		{training, "training_pipeline", awsStack, "completed", defaultUser, at(5, 3, 2, 0, 0), 12*time.Minute + 40*time.Second},
		{inference, "inference_pipeline", awsStack, "completed", defaultUser, at(5, 3, 9, 0, 0), 5 * time.Minute},
		{etl, "etl_pipeline", defaultStack, "failed", alice, at(5, 4, 6, 0, 0), 90 * time.Second},
		{inference, "inference_pipeline", awsStack, "running", defaultUser, at(5, 4, 9, 0, 0), 0},
	} {
		ru := &run{
			ident:      ident{makeID(runKind, i+1)},
			Name:       r.name + "-" + r.start.Format("2006_01_02-15_04_05_000000"),
			PipelineID: r.pipeline, StackID: r.stack, Status: r.status, UserID: r.user,
			StartTime: r.start, Created: r.start,
		}
		if r.status == "running" {
			ru.polled = true
		} else {
			end := r.start.Add(r.took)
			ru.EndTime = &end
		}
		st.runs.insert(ru)
	}

	for _, c := range []*component{
		{Name: "default", Type: "orchestrator", Flavor: "local", Configuration: map[string]any{}, Created: at(4, 1, 9, 0, 0)},
		{Name: "default", Type: "artifact_store", Flavor: "local", Configuration: map[string]any{"path": "/zenml/local_stores/default"}, Created: at(4, 1, 9, 0, 0)},
		{Name: "sagemaker", Type: "orchestrator", Flavor: "sagemaker", Configuration: map[string]any{"execution_role": "arn:aws:iam::123456789012:role/zenml-sagemaker"}, Created: at(4, 5, 10, 0, 0)},
		{Name: "s3_store", Type: "artifact_store", Flavor: "s3", Configuration: map[string]any{"path": "s3://zenml-example-artifacts"}, Created: at(4, 5, 10, 5, 0)},
		{Name: "ecr", Type: "container_registry", Flavor: "aws", Configuration: map[string]any{"uri": "123456789012.dkr.ecr.eu-west-1.amazonaws.com"}, Created: at(4, 5, 10, 10, 0)},
		{Name: "mlflow", Type: "experiment_tracker", Flavor: "mlflow", Configuration: map[string]any{"tracking_uri": "https://mlflow.zenml.example.com"}, Created: at(4, 5, 10, 15, 0)},
		{Name: "slack", Type: "alerter", Flavor: "slack", Configuration: map[string]any{"default_slack_channel_id": "C0123456789"}, Created: at(4, 6, 14, 0, 0)},
	} {
		c.ident = ident{makeID(componentKind, len(st.components.all())+1)}
		st.components.insert(c)
	}
	comp := func(n int) []string { return []string{makeID(componentKind, n)} }

	st.stacks.insert(&stack{ident: ident{defaultStack}, Name: defaultStackName, Description: text("The local stack every ZenML server starts with."),
		Components: map[string][]string{"orchestrator": comp(1), "artifact_store": comp(2)}, UserID: defaultUser, Created: at(4, 1, 9, 0, 0)})
	st.stacks.insert(&stack{ident: ident{awsStack}, Name: "aws-production", Description: text("SageMaker orchestration with S3 artifacts and MLflow tracking."),
		Components: map[string][]string{"orchestrator": comp(3), "artifact_store": comp(4), "container_registry": comp(5), "experiment_tracker": comp(6)}, UserID: defaultUser, Created: at(4, 5, 11, 0, 0)})

	for i, a := range []*artifact{
		{Name: "iris_dataset", Version: "1", Type: "DataArtifact", Materializer: "zenml.materializers.pandas_materializer.PandasMaterializer", Created: at(5, 1, 2, 3, 0)},
		{Name: "iris_classifier", Version: "1", Type: "ModelArtifact", Materializer: "zenml.integrations.sklearn.materializers.sklearn_materializer.SklearnMaterializer", Created: at(5, 1, 2, 10, 0)},
		{Name: "evaluation_report", Version: "1", Type: "DataAnalysisArtifact", Materializer: "zenml.materializers.built_in_materializer.BuiltInMaterializer", Created: at(5, 1, 2, 13, 0)},
		{Name: "predictions", Version: "1", Type: "DataArtifact", Materializer: "zenml.materializers.pandas_materializer.PandasMaterializer", Created: at(5, 3, 9, 4, 0)},
	} {
		a.ident = ident{makeID(artifactKind, i+1)}
		a.URI = "s3://zenml-example-artifacts/" + a.Name + "/" + a.Version
		a.ProducerStepRunID = makeID(stepRunKind, i+1)
		st.artifacts.insert(a)
	}

	st.models.insert(&model{ident: ident{iris}, Name: "iris_classifier",
		Description: text("Classifies iris flowers from sepal and petal measurements."), License: text("Apache-2.0"),
		EthicalConsiderations: text("Trained on public botanical data; no personal data involved."), TradeOffs: text("Prefers a small, explainable model over accuracy."),
		Limitations: text("Only knows the three species of the iris data set."), Audience: text("Data scientists learning ZenML."),
		UseCases: text("Teaching and demonstrations."), Created: at(4, 10, 9, 30, 0)})
	st.models.insert(&model{ident: ident{makeID(modelKind, 2)}, Name: "churn_predictor",
		Description: text("Predicts which customers are about to leave."), License: text("MIT"), Created: at(4, 12, 9, 30, 0)})

	for i, v := range []*modelVersion{
		{ModelID: iris, Name: "1", Number: 1, Stage: "archived", Description: "First baseline.", Created: at(5, 1, 2, 14, 0)},
		{ModelID: iris, Name: "2", Number: 2, Stage: "production", Description: "Tuned hyperparameters.", Created: at(5, 3, 2, 12, 0)},
		{ModelID: iris, Name: "3", Number: 3, Stage: "staging", Created: at(5, 3, 9, 30, 0)},
		{ModelID: makeID(modelKind, 2), Name: "1", Number: 1, Stage: "none", Created: at(4, 20, 9, 0, 0)},
	} {
		v.ident = ident{makeID(modelVersionKind, i+1)}
		st.versions.insert(v)
	}

	st.deployments.insert(&deployment{ident: ident{makeID(deploymentKind, 1)}, PipelineID: training, StackID: awsStack, Status: "running", Created: at(5, 3, 3, 0, 0)})
	st.deployments.insert(&deployment{ident: ident{makeID(deploymentKind, 2)}, PipelineID: inference, StackID: awsStack, Status: "pending", Created: at(5, 4, 8, 0, 0)})

	start, end := at(5, 1, 0, 0, 0), at(12, 31, 23, 59, 59)
	st.schedules.insert(&schedule{ident: ident{makeID(scheduleKind, 1)}, Name: "nightly-training", CronExpression: "0 2 * * *", StartTime: &start, Active: true, PipelineID: training, Created: at(4, 30, 12, 0, 0)})
	st.schedules.insert(&schedule{ident: ident{makeID(scheduleKind, 2)}, Name: "hourly-etl", StartTime: &start, EndTime: &end, IntervalSeconds: 3600, Active: false, PipelineID: etl, Created: at(4, 30, 12, 30, 0)})

	for i, s := range []*secret{
		{Name: "aws-credentials", Scope: workspaceScope, owner: defaultUser, Created: at(4, 5, 9, 0, 0),
			values: map[string]string{"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}},
		{Name: "mlflow_secret", Scope: userScope, owner: defaultUser, Created: at(4, 5, 9, 30, 0),
			values: map[string]string{"username": "admin", "password": "abc123"}},
		{Name: "notebook-token", Scope: userScope, owner: alice, Created: at(4, 8, 15, 0, 0),
			values: map[string]string{"token": "nb-0123456789abcdef"}},
	} {
		s.ident = ident{makeID(secretKind, i+1)}
		st.secrets.insert(s)
	}

	st.connectors.insert(&connector{ident: ident{makeID(connectorKind, 1)}, Name: "aws-iam", ConnectorType: "aws", AuthMethod: "iam-role",
		ResourceTypes: []string{"aws-generic", "s3-bucket", "kubernetes-cluster", "docker-registry"},
		Configuration: map[string]any{"region": "eu-west-1", "role_arn": "arn:aws:iam::123456789012:role/zenml-connector"}, Created: at(4, 4, 9, 0, 0)})
	st.connectors.insert(&connector{ident: ident{makeID(connectorKind, 2)}, Name: "gcp-workload", ConnectorType: "gcp", AuthMethod: "service-account",
		ResourceTypes: []string{"gcp-generic", "gcs-bucket", "kubernetes-cluster"},
		Configuration: map[string]any{"project_id": "zenml-example"}, Created: at(4, 4, 9, 30, 0)})

	return st
}

// at returns an instant of 2024 in UTC; all seeded times fall in that year.
func at(month time.Month, day, hour, minute, second int) time.Time {
	return time.Date(2024, month, day, hour, minute, second, 0, time.UTC)
}

func text(s string) *string { return &s }
