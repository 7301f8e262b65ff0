#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/wire_requests.h"
#include "cli/command.h"

namespace ds01::cli {

struct ContainerCreateOptions {
  std::optional<std::string> name;
  std::optional<std::string> image;      // --image=IMG
  std::optional<std::string> project;    // --project=P: workspace <root>/P, image ds01-<uid>/P
  std::optional<std::string> workspace;  // --workspace=PATH
  std::optional<int> gpus;               // --gpu=N; 1 when neither --gpu nor --mig is given
  std::optional<std::string> mig;        // --mig=PROFILE: one MIG instance instead
  bool background = false;  // --background (seed 000): accepted; a create never opens a terminal
  std::vector<std::string> env;            // -e/--env K=V, repeated
  std::optional<std::string> env_file;     // --env-file FILE: K=V lines, read as the caller
  std::vector<std::string> labels;         // --label K=V, repeated
  std::optional<std::string> memory;       // --memory SIZE
  std::optional<std::string> cpus;         // --cpus N
  std::optional<std::string> shm_size;     // --shm-size SIZE
  std::optional<int> pids_limit;           // --pids-limit N
  std::optional<std::string> workdir;      // -w/--workdir DIR
  std::optional<std::string> hostname;     // --hostname NAME
  bool init = false;                       // --init
  std::optional<std::string> stop_signal;  // --stop-signal SIG
  std::optional<int> stop_timeout;         // --stop-timeout SECONDS
  std::vector<std::string> command;       // -- CMD…; one argument alone is split as a shell would
  bool shell = false;                     // --shell: the command is run by /bin/sh -c
  std::optional<std::string> entrypoint;  // --entrypoint CMD ("" clears the image's)
  std::optional<std::string> user;        // -u/--user
  std::vector<std::string> volumes;       // -v/--volume SRC:DST[:ro]
  std::vector<std::string> mounts;        // --mount type=bind|tmpfs,…
  std::vector<std::string> tmpfs;         // --tmpfs PATH[:size=…,mode=…]
  bool read_only = false;                 // --read-only
  std::vector<std::string> ports;         // -p/--port [[IP:]HOST:]PORT[/tcp|udp]
  std::optional<std::string> network;     // --network NAME
  std::optional<std::string> restart;     // --restart no|on-failure[:N]|unless-stopped
  std::optional<std::string> health_cmd;  // --health-cmd CMD
  std::optional<std::chrono::seconds> health_interval;
  std::optional<std::chrono::seconds> health_timeout;
  std::optional<std::chrono::seconds> health_start_period;
  std::optional<int> health_retries;
  bool no_healthcheck = false;

  bool operator==(const ContainerCreateOptions&) const = default;
};

/// Declares container-create's flags and NAME on `args`, bound to `options`.
void DeclareContainerCreate(ArgSpec& args, ContainerCreateOptions& options);

/// Declares container-create's flags alone (every one but NAME), for a command that creates as
/// it does (container-run --rm).
void DeclareCreateFlags(ArgSpec& args, ContainerCreateOptions& options);

/// The body of POST /v1/containers for `options` (which must carry a name): the GPUs asked
/// for always named, 1 when neither --gpu nor --mig is given; the environment from --env-file
/// then each -e (a later one wins), read as the caller; volumes and relative mount sources as
/// absolute host paths. A malformed K=V, port or mount, an unreadable file, a CPU count that is
/// not a number or both --gpu and --mig is a usage error; ds01d judges the rest.
Result<api::CreateRequest> CreateRequest(const ContainerCreateOptions& options);

/// The variables of an env file's `text` as docker reads one: a K=V line, or K alone for K's
/// value in `environment` (left out when it has none); blank lines and lines starting with #
/// skipped.
Result<std::map<std::string, std::string>> ParseEnvFile(
    std::string_view text, const std::map<std::string, std::string>& environment);

/// Creates the container through ds01d (allocation, Docker container and record at once) and
/// says what it got. NAME is required: a new container has nothing to pick from a menu.
Status RunContainerCreate(Session& session, const ContainerCreateOptions& options);

/// container-create's entry in the registry.
CommandSpec ContainerCreateCommand();

}  // namespace ds01::cli
