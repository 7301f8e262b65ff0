// ds01-engine: a developer tool that drives ds01's Engine API client from the shell. `make demo`
// shows `info`, the benchmarks time `list` and `exec`, scripts/test-images.sh uses `build`.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "docker/containers.h"
#include "docker/engine.h"
#include "docker/exec.h"
#include "docker/images.h"
#include "docker/system.h"

namespace ds01::docker {
namespace {

int Fail(const Error& error) {
  std::fprintf(stderr, "ds01-engine: %s\n", error.ToString().c_str());
  return 1;
}

int Info(Engine& engine) {
  SystemApi system(engine);
  Result<VersionInfo> version = system.Version();
  if (!version.ok()) return Fail(version.error());
  Result<SystemInfo> info = system.Info();
  if (!info.ok()) return Fail(info.error());
  std::printf("engine:          Docker %s (API %s) at %s\n", version->version.c_str(),
              version->api_version.c_str(), engine.address().c_str());
  std::printf("negotiated API:  %s\n", engine.api_version().c_str());
  std::printf("NVIDIA runtime:  %s\n", info->has_nvidia_runtime ? "yes" : "no");
  return 0;
}

int List(Engine& engine) {
  Result<std::vector<ContainerSummary>> containers = ContainerApi(engine).List();
  if (!containers.ok()) return Fail(containers.error());
  std::string out;
  for (const ContainerSummary& container : *containers) out.append(container.name()).append("\n");
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// Writes all of `data` to `fd` (stdout or stderr), retrying short writes.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

int Exec(Engine& engine, const std::string& container, const std::vector<std::string>& command) {
  ExecApi exec(engine);
  ExecSpec spec;
  spec.cmd = command;
  Result<std::string> id = exec.Create(container, spec);
  if (!id.ok()) return Fail(id.error());
  Result<std::unique_ptr<HijackedStream>> stream = exec.StartHijacked(*id, spec.tty);
  if (!stream.ok()) return Fail(stream.error());
  for (;;) {
    Result<std::optional<OutputChunk>> chunk = (*stream)->Next();
    if (!chunk.ok()) return Fail(chunk.error());
    if (!*chunk) break;
    int fd = (*chunk)->stream == StreamType::kStderr ? STDERR_FILENO : STDOUT_FILENO;
    if (!WriteAll(fd, (*chunk)->data)) return 1;  // e.g. a closed pipe: stop quietly
  }
  Result<int> exit_code = exec.ExitCode(*id);
  if (!exit_code.ok()) return Fail(exit_code.error());
  return *exit_code;
}

int Build(Engine& engine, const std::string& context, const std::string& tag) {
  BuildOptions options;
  options.tags = {tag};
  Result<BuildContext> tar = MakeBuildContext(context);
  if (!tar.ok()) return Fail(tar.error());
  Result<std::string> image =
      ImageApi(engine).Build(options, std::move(*tar), [](const BuildEvent& event) {
        // Stream text carries its own line breaks (the engine sends "\n" as a message of its
        // own).
        if (event.kind == BuildEvent::Kind::kStream) std::fputs(event.text.c_str(), stdout);
        if (event.kind == BuildEvent::Kind::kStatus) std::printf("%s\n", event.text.c_str());
        std::fflush(stdout);
        return true;
      });
  if (!image.ok()) return Fail(image.error());
  std::printf("built %s (%s)\n", tag.c_str(), image->c_str());
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"ds01-engine: drive the Docker engine through ds01's client (a developer tool)"};
  app.require_subcommand(1);
  std::string host;
  app.add_option("--host", host, "engine address (DOCKER_HOST form); default $DOCKER_HOST");

  CLI::App* info = app.add_subcommand("info", "engine version, negotiated API, NVIDIA runtime");
  CLI::App* list = app.add_subcommand("list", "every container's name, one a line");
  CLI::App* exec = app.add_subcommand("exec", "run CMD in CONTAINER; exit with its code");
  std::string container;
  std::vector<std::string> command;
  exec->add_option("container", container, "container name or ID")->required();
  exec->add_option("command", command, "the command and its arguments (after --)")->required();
  CLI::App* build = app.add_subcommand("build", "build CONTEXT_DIR into TAG, showing progress");
  std::string context;
  std::string tag;
  build->add_option("context", context, "the build context directory")->required();
  build->add_option("tag", tag, "the image reference to tag the result with")->required();

  CLI11_PARSE(app, argc, argv);

  Result<std::unique_ptr<Engine>> engine = Engine::Connect(host);
  if (!engine.ok()) return Fail(engine.error());
  if (*info) return Info(**engine);
  if (*list) return List(**engine);
  if (*exec) return Exec(**engine, container, command);
  return Build(**engine, context, tag);
}

}  // namespace
}  // namespace ds01::docker

int main(int argc, char** argv) { return ds01::docker::Main(argc, argv); }
