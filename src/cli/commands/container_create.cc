#include "cli/commands/container_create.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/mount_flags.h"
#include "cli/output/container_view.h"
#include "cli/output/menu.h"
#include "cli/port_flag.h"

namespace ds01::cli {
namespace {

// NAME from the command line or, on a terminal, asked for.
Result<std::string> NameToCreate(Session& session, const std::optional<std::string>& name) {
  if (name) return *name;
  if (!session.interactive) {
    return UsageError("NAME is missing, and there is no terminal to ask for it on",
                      "give it: container-create NAME, e.g. container-create my-thesis --gpu=1");
  }
  return AskLine(session.in, session.out, "Name of the new container:");
}

// "K=V" split at its first '='; a usage error naming `flag` when there is none or K is empty.
Result<std::pair<std::string, std::string>> KeyValue(std::string_view text, std::string_view flag) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return UsageError(
        "'" + std::string(text) + "' is not KEY=VALUE",
        std::string(flag) + " takes KEY=VALUE, e.g. " + std::string(flag) + " SEED=1");
  }
  return std::pair{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals != std::string_view::npos) {
      environment.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return environment;
}

Result<std::map<std::string, std::string>> EnvOf(const ContainerCreateOptions& options) {
  std::map<std::string, std::string> env;
  if (options.env_file) {
    std::ifstream file(*options.env_file);
    if (!file) {
      return UsageError("Cannot read the env file " + *options.env_file,
                        "name a file of KEY=VALUE lines that you can read");
    }
    std::ostringstream text;
    text << file.rdbuf();
    auto read = ParseEnvFile(text.str(), ProcessEnvironment());
    if (!read.ok()) return std::move(read).error();
    env = std::move(*read);
  }
  for (const std::string& entry : options.env) {
    auto pair = KeyValue(entry, "--env");
    if (!pair.ok()) return std::move(pair).error();
    env.insert_or_assign(pair->first, pair->second);
  }
  return env;
}

PathBase CallersPaths() {
  std::error_code ignored;
  PathBase base{std::filesystem::current_path(ignored).string(), ""};
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    base.home = home;
  } else if (const passwd* entry = getpwuid(getuid()); entry != nullptr) {
    base.home = entry->pw_dir;
  }
  return base;
}

Status AddMounts(const ContainerCreateOptions& options, api::CreateRequest* request) {
  const PathBase base = CallersPaths();
  for (const std::string& text : options.volumes) {
    auto bind = ParseVolumeFlag(text, base);
    if (!bind.ok()) return std::move(bind).error();
    request->binds.push_back(std::move(*bind));
  }
  for (const std::string& text : options.mounts) {
    auto mount = ParseMountFlag(text, base);
    if (!mount.ok()) return std::move(mount).error();
    if (auto* bind = std::get_if<api::Bind>(&*mount)) {
      request->binds.push_back(std::move(*bind));
    } else {
      request->tmpfs.push_back(std::get<api::Tmpfs>(std::move(*mount)));
    }
  }
  for (const std::string& text : options.tmpfs) {
    auto tmpfs = ParseTmpfsFlag(text);
    if (!tmpfs.ok()) return std::move(tmpfs).error();
    request->tmpfs.push_back(std::move(*tmpfs));
  }
  return Ok();
}

std::optional<api::Health> HealthOf(const ContainerCreateOptions& options) {
  api::Health health;
  health.cmd = options.health_cmd;
  if (options.health_interval) health.interval = options.health_interval->count();
  if (options.health_timeout) health.timeout = options.health_timeout->count();
  if (options.health_start_period) health.start_period = options.health_start_period->count();
  health.retries = options.health_retries;
  health.disabled = options.no_healthcheck;
  if (health == api::Health{}) return std::nullopt;
  return health;
}

// The command as it is sent: with --shell, one line for /bin/sh -c.
std::vector<std::string> CommandOf(const ContainerCreateOptions& options) {
  if (!options.shell || options.command.size() < 2) return options.command;
  std::string line;
  for (const std::string& arg : options.command) line += (line.empty() ? "" : " ") + arg;
  return {line};
}

}  // namespace

Result<std::map<std::string, std::string>> ParseEnvFile(
    std::string_view text, const std::map<std::string, std::string>& environment) {
  std::map<std::string, std::string> env;
  int number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == '#') continue;
    line.remove_prefix(start);
    if (line.find('=') == std::string_view::npos) {
      const auto found = environment.find(std::string(line));
      if (found != environment.end()) env.insert_or_assign(found->first, found->second);
      continue;
    }
    auto pair = KeyValue(line, "--env-file");
    if (!pair.ok()) {
      return UsageError("Line " + std::to_string(number) + " of the env file is not KEY=VALUE",
                        "write one KEY=VALUE a line (# starts a comment)");
    }
    env.insert_or_assign(pair->first, pair->second);
  }
  return env;
}

void DeclareContainerCreate(ArgSpec& args, ContainerCreateOptions& options) {
  args.Name(&options.name);
  DeclareCreateFlags(args, options);
}

void DeclareCreateFlags(ArgSpec& args, ContainerCreateOptions& options) {
  args.Text("--image", "IMG", &options.image);
  args.Text("--project", "P", &options.project);
  args.Text("--workspace", "PATH", &options.workspace);
  args.Count("--gpu,--gpus", "N", &options.gpus,
             "give a whole number of GPUs: --gpu=1 (or --gpu=0 for none)");
  args.Text("--mig", "PROFILE", &options.mig);
  args.Flag("--background", &options.background);
  args.List("-e,--env", "K=V", &options.env);
  args.Text("--env-file", "FILE", &options.env_file);
  args.List("--label", "K=V", &options.labels);
  args.Text("--memory", "SIZE", &options.memory);
  args.Text("--cpus", "N", &options.cpus);
  args.Text("--shm-size", "SIZE", &options.shm_size);
  args.Count("--pids-limit", "N", &options.pids_limit, "give a whole number: --pids-limit=512");
  args.Text("-w,--workdir", "DIR", &options.workdir);
  args.Text("--hostname", "NAME", &options.hostname);
  args.Flag("--init", &options.init);
  args.Text("--stop-signal", "SIG", &options.stop_signal);
  args.Count("--stop-timeout", "SECONDS", &options.stop_timeout,
             "give whole seconds: --stop-timeout=30");
  args.Flag("--shell", &options.shell);
  args.Option("--entrypoint", "CMD", [&options](const std::string& value) {
    options.entrypoint = value;
    return Ok();
  });
  args.Text("-u,--user", "USER", &options.user);
  args.List("-v,--volume", "SRC:DST[:ro]", &options.volumes);
  args.List("--mount", "type=bind,source=…,target=…", &options.mounts);
  args.List("--tmpfs", "PATH[:size=…]", &options.tmpfs);
  args.Flag("--read-only", &options.read_only);
  args.List("-p,--port", "[HOST:]PORT[/tcp|udp]", &options.ports);
  args.Text("--network", "NAME", &options.network);
  args.Text("--restart", "POLICY", &options.restart);
  args.Text("--health-cmd", "CMD", &options.health_cmd);
  args.Seconds("--health-interval", &options.health_interval);
  args.Seconds("--health-timeout", &options.health_timeout);
  args.Seconds("--health-start-period", &options.health_start_period);
  args.Count("--health-retries", "N", &options.health_retries,
             "give a whole number: --health-retries=3");
  args.Flag("--no-healthcheck", &options.no_healthcheck);
  args.Command(&options.command);
}

Result<api::CreateRequest> CreateRequest(const ContainerCreateOptions& options) {
  if (options.mig && options.gpus) {
    return UsageError("--gpu and --mig both ask for GPUs; give one of them",
                      "--gpu=N for whole GPUs, or --mig=PROFILE for one MIG instance");
  }
  api::CreateRequest request{.name = options.name.value_or(""),
                             .image = options.image,
                             .project = options.project,
                             .workspace = options.workspace,
                             .gpus = std::nullopt,
                             .mig_profile = options.mig,
                             .env = {},
                             .labels = {},
                             .memory = options.memory,
                             .cpus = std::nullopt,
                             .shm_size = options.shm_size,
                             .pids_limit = options.pids_limit,
                             .workdir = options.workdir,
                             .hostname = options.hostname,
                             .init = options.init,
                             .stop_signal = options.stop_signal,
                             .stop_timeout = std::nullopt,
                             .command = CommandOf(options),
                             .shell = options.shell,
                             .entrypoint = options.entrypoint,
                             .user = options.user,
                             .binds = {},
                             .tmpfs = {},
                             .read_only = options.read_only,
                             .restart = options.restart,
                             .auto_remove = false,
                             .health = HealthOf(options),
                             .ports = {},
                             .network = options.network};
  if (options.stop_timeout) request.stop_timeout = *options.stop_timeout;
  if (!options.mig) request.gpus = options.gpus.value_or(1);
  auto env = EnvOf(options);
  if (!env.ok()) return std::move(env).error();
  request.env = std::move(*env);
  for (const std::string& entry : options.labels) {
    auto pair = KeyValue(entry, "--label");
    if (!pair.ok()) return std::move(pair).error();
    request.labels.insert_or_assign(pair->first, pair->second);
  }
  DS01_RETURN_IF_ERROR(AddMounts(options, &request));
  for (const std::string& text : options.ports) {
    auto port = ParsePortFlag(text);
    if (!port.ok()) return std::move(port).error();
    request.ports.push_back(std::move(*port));
  }
  if (options.cpus) {
    char* end = nullptr;
    const double cpus = std::strtod(options.cpus->c_str(), &end);
    if (options.cpus->empty() || *end != '\0' || !(cpus > 0)) {
      return UsageError("--cpus=" + *options.cpus + " is not a number of CPUs",
                        "give a positive number: --cpus=2 or --cpus=0.5");
    }
    request.cpus = cpus;
  }
  return request;
}

Status RunContainerCreate(Session& session, const ContainerCreateOptions& given) {
  auto name = NameToCreate(session, given.name);
  if (!name.ok()) return std::move(name).error();
  ContainerCreateOptions options = given;
  options.name = *name;
  const std::string gpus = options.mig ? "one " + *options.mig + " MIG instance"
                                       : std::to_string(options.gpus.value_or(1)) + " GPU(s)";
  session.guide.Step("before", {{"name", *name}, {"gpus", gpus}});
  auto request = CreateRequest(options);
  if (!request.ok()) return std::move(request).error();
  auto created = CallAs<api::Container>(session.daemon, "POST", "/v1/containers", *request);
  if (!created.ok()) return std::move(created).error();
  session.out << "Created " << *name << " " << GpuSummary(*created) << '\n';
  session.guide.Step("after", {{"name", *name}, {"gpu", GpuSummary(*created)}});
  return Ok();
}

CommandSpec ContainerCreateCommand() {
  return {"container-create",
          "container",
          "create",
          "Create a container and allocate its GPUs (not started)",
          "container_create",
          &Bind<ContainerCreateOptions, DeclareContainerCreate, RunContainerCreate>};
}

}  // namespace ds01::cli
