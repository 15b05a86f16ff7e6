// A Go Pulumi program using the generated SDK (sdk/go/qstash), run through
// the Automation API's inline mode (no Go language host needed) against the
// provider plugin. One step per run, driven by test/e2e/plugin-go.test.ts:
//
//	pq-go-e2e up <version>   (version 1 or 2: 2 changes cron, parallelism, endpoints)
//	pq-go-e2e preview <version>  (prints the change summary as JSON)
//	pq-go-e2e refresh | destroy <version>
//
// The SDK comes from `go get github.com/pulumi-qstash/pulumi-qstash/sdk/go@v<version>`
// (the test adds it from a file GOPROXY; go.mod here holds no requirement on it and
// no replace), the plugin from PULUMI_HOME, where `pulumi plugin install` put it.
//
// Environment: QSTASH_URL, QSTASH_TOKEN, API_KEY, PULUMI_HOME, PULUMI_BACKEND_URL,
// PULUMI_CONFIG_PASSPHRASE.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi-qstash/pulumi-qstash/sdk/go/qstash"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func program(version int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		cron, parallelism, endpoints := "0 2 * * *", 2, []string{"api"}
		if version == 2 {
			cron, parallelism, endpoints = "*/30 * * * *", 4, []string{"api", "audit"}
		}
		eps := qstash.UrlGroupEndpointArray{}
		for _, e := range endpoints {
			eps = append(eps, qstash.UrlGroupEndpointArgs{Name: pulumi.String(e), Url: pulumi.String("http://127.0.0.1:9/" + e)})
		}
		group, err := qstash.NewUrlGroup(ctx, "orders", &qstash.UrlGroupArgs{Name: pulumi.String("go-orders"), Endpoints: eps})
		if err != nil {
			return err
		}
		schedule, err := qstash.NewSchedule(ctx, "nightly", &qstash.ScheduleArgs{
			Destination: group.Name,
			Cron:        pulumi.String(cron),
			Headers:     pulumi.StringMap{"X-Api-Key": config.RequireSecret(ctx, "apiKey")},
			Retries:     pulumi.Int(2),
		})
		if err != nil {
			return err
		}
		queue, err := qstash.NewQueue(ctx, "jobs", &qstash.QueueArgs{Name: pulumi.String("go-jobs"), Parallelism: pulumi.Int(parallelism)})
		if err != nil {
			return err
		}
		keys := qstash.GetSigningKeysOutput(ctx, qstash.GetSigningKeysOutputArgs{})
		ctx.Export("scheduleId", schedule.ScheduleId)
		ctx.Export("queue", queue.Name)
		ctx.Export("currentSigningKey", keys.CurrentSigningKey())
		return nil
	}
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx := context.Background()
	version := 1
	if len(args) > 1 && args[1] == "2" {
		version = 2
	}
	project := workspace.Project{
		Name:    "pq-go",
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "pq-go", program(version), auto.Project(project))
	if err != nil {
		return err
	}
	for k, v := range map[string]auto.ConfigValue{
		"qstash:url":   {Value: os.Getenv("QSTASH_URL")},
		"qstash:token": {Value: os.Getenv("QSTASH_TOKEN"), Secret: true},
		"pq-go:apiKey": {Value: os.Getenv("API_KEY"), Secret: true},
	} {
		if err := stack.SetConfig(ctx, k, v); err != nil {
			return err
		}
	}
	out := os.Stderr
	switch args[0] {
	case "up":
		res, err := stack.Up(ctx, optup.ProgressStreams(out))
		if err != nil {
			return err
		}
		return emit(map[string]any{"changes": res.Summary.ResourceChanges, "scheduleId": res.Outputs["scheduleId"].Value})
	case "preview":
		res, err := stack.Preview(ctx, optpreview.ProgressStreams(out))
		if err != nil {
			return err
		}
		return emit(map[string]any{"changes": res.ChangeSummary})
	case "refresh":
		_, err := stack.Refresh(ctx, optrefresh.ProgressStreams(out))
		return err
	case "destroy":
		_, err := stack.Destroy(ctx, optdestroy.ProgressStreams(out))
		return err
	}
	return fmt.Errorf("unknown step %q", args[0])
}

func emit(v any) error {
	return json.NewEncoder(os.Stdout).Encode(v)
}
