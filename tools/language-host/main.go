// pulumi-language-nodejs: a minimal Node.js language host for the pulumi CLI.
//
// Why it exists: the Go module proxy reachable from our build machines does not
// serve the official host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
// answers 403 for every version), so a `pulumi` built from the proxy could only
// run programs through the Automation API's inline mode. This host makes
// project mode (`pulumi up` next to a Pulumi.yaml with `runtime: nodejs`) work.
//
// What it does: the engine starts it as a plugin ("pulumi-language-nodejs
// [--logtostderr] [-v=N] [--tracing URL] <engine-address>"); it serves the
// LanguageRuntime gRPC service on a free loopback port and prints that port on
// stdout. On Run it starts `node <@pulumi/pulumi/cmd/run> --monitor ... <entry>`
// in the program directory, with the config passed as PULUMI_CONFIG and
// PULUMI_CONFIG_SECRET_KEYS, exactly the interface @pulumi/pulumi's runner reads.
//
// What it leaves out, compared with the official host: plugin discovery from
// node_modules (GetRequiredPackages returns nothing; dynamic providers need no
// plugin besides pulumi-resource-pulumi-nodejs, which the CLI finds on its own),
// dependency installation, the monitor proxy and the synchronous-invoke pipes
// (`--sync`, only used by long-deprecated synchronous invokes), debugger
// attachment, bun, code generation, packing and linking.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Exit code with which @pulumi/pulumi's runner says "the error was already
// shown to the user": the host then bails without adding a message.
const exitAfterUserActionableMessage = 32

const runModule = "@pulumi/pulumi/cmd/run"

func main() {
	engineAddr, tracing, showVersion := parseArgs(os.Args[1:])
	if showVersion {
		fmt.Println(version.Version)
		return
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cancel := make(chan bool)
	go func() { <-ctx.Done(); close(cancel) }()

	// Exit when the engine goes away, so no host outlives its CLI.
	if engineAddr != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddr, 5*time.Minute, stop); err != nil {
			fatal("could not start the engine health check: %v", err)
		}
	}

	h := &host{engineAddr: engineAddr, tracing: tracing, running: map[*exec.Cmd]struct{}{}}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fatal("could not start the language host gRPC server: %v", err)
	}
	// The engine reads the port from the first line of our stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fatal("language host gRPC server stopped: %v", err)
	}
	h.killAll()
}

// parseArgs accepts what the engine passes to every plugin: optional logging
// and tracing flags, then the engine address as the last positional argument.
func parseArgs(args []string) (engine, tracing string, showVersion bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case !strings.HasPrefix(a, "-"):
			engine = a
		case name == "version":
			showVersion = true
		case name == "tracing":
			if hasValue {
				tracing = value
			} else if i+1 < len(args) {
				i++
				tracing = args[i]
			}
		case name == "runtime" && !hasValue && i+1 < len(args):
			i++ // only nodejs is supported; ignore its value
		}
		// --logtostderr, -v=N and anything else: ignored.
	}
	return engine, tracing, showVersion
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", args...)
	os.Exit(1)
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu         sync.Mutex
	engineAddr string
	tracing    string
	running    map[*exec.Cmd]struct{}
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddr = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// Programs built on dynamic providers need no resource plugins.
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// Dependencies are the project's business (npm install); nothing to do here.
func (h *host) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil
}

func (h *host) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on $PATH: %w", err)
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
		Metadata:   map[string]string{"languageHost": "pulumi-qstash minimal host"},
	}, nil
}

// Cancel interrupts running programs; the engine calls it when the user hits ^C.
func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &emptypb.Empty{}, nil
}

func (h *host) killAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
	}
}

// Run executes the program once. Failures of the program itself are reported
// in RunResponse (Error, or Bail when the program already printed its error);
// a gRPC error is returned only when the request cannot be served at all.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "this language host does not support --attach-debugger"}, nil
	}
	info := req.GetInfo()
	programDir, entry := req.GetPwd(), req.GetProgram()
	var options map[string]any
	if info != nil {
		programDir, entry = info.GetProgramDirectory(), info.GetEntryPoint()
		if info.GetOptions() != nil {
			options = info.GetOptions().AsMap()
		}
	}
	if entry == "" {
		entry = "."
	}

	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on $PATH: " + err.Error()}, nil
	}
	runner := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runner == "" {
		runner = runModule
	}
	if !filepath.IsAbs(runner) {
		if runner, err = resolveModule(ctx, node, programDir, runner); err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
	}

	env, nodeArgs, err := runEnv(req, options)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	h.mu.Lock()
	engineAddr := h.engineAddr
	h.mu.Unlock()

	args := append(nodeArgs, runner)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	// The engine's resource monitor is used directly (no proxy in between).
	flag("monitor", req.GetMonitorAddress())
	flag("engine", engineAddr)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	if info != nil {
		flag("root-directory", info.GetRootDirectory())
	}
	flag("stack", req.GetStack())
	flag("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	flag("tracing", h.tracing)
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.Command(node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	// Node may switch its stdio to non-blocking mode; never hand it our own
	// file descriptors, copy through pipes instead.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	cmd.WaitDelay = 5 * time.Second

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("could not start the Node.js program runner: %v", err),
		}, nil
	}
	h.mu.Lock()
	h.running[cmd] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.running, cmd)
		h.mu.Unlock()
	}()

	// If the engine gives up on the call, interrupt the program.
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			_ = cmd.Process.Signal(os.Interrupt)
		case <-done:
		}
	}()

	err = cmd.Wait()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitAfterUserActionableMessage:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{Error: "Program was terminated: " + exitErr.String()}, nil
	default:
		return &pulumirpc.RunResponse{Error: "Problem running the Node.js program: " + err.Error()}, nil
	}
}

// resolveModule asks node where `mod` resolves from dir, so the program's own
// copy of @pulumi/pulumi runs it (node_modules lookup walks up from dir).
func resolveModule(ctx context.Context, node, dir, mod string) (string, error) {
	cmd := exec.CommandContext(ctx, node, "-e", "process.stdout.write(require.resolve(process.argv[1]))", mod)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find %s from %s; is @pulumi/pulumi installed (npm install)? %v\n%s",
			mod, dir, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// runEnv builds the runner's environment and the extra node arguments from the
// request and the `runtime.options` of Pulumi.yaml.
func runEnv(req *pulumirpc.RunRequest, options map[string]any) ([]string, []string, error) {
	// Config keys go out as "<namespace>:config:<name>", the form every
	// @pulumi/pulumi version understands (newer ones also strip it back).
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, nil, fmt.Errorf("bad config key %q: %w", k, err)
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, nil, err
	}

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(cfgJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON),
	)

	// Same defaults as the official host: TypeScript (ts-node, from the project
	// or the copy vendored in @pulumi/pulumi) unless `typescript: false`.
	typescript := true
	if v, ok := options["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return nil, nil, errors.New("runtime option typescript must be a boolean")
		}
		typescript = b
	}
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if v, ok := options["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, nil, errors.New("runtime option tsconfig must be a string")
		}
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+s)
	}
	var nodeArgs []string
	if v, ok := options["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, nil, errors.New("runtime option nodeargs must be a string")
		}
		nodeArgs = strings.Fields(s) // no shell quoting: plain space-separated flags
	}
	return env, nodeArgs, nil
}
