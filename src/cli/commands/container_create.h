#pragma once

#include <optional>
#include <string>

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
};

/// Declares container-create's flags and NAME on `args`, bound to `options`.
void DeclareContainerCreate(ArgSpec& args, ContainerCreateOptions& options);

/// The body of POST /v1/containers for `options` (which must carry a name): the GPUs asked
/// for always named, 1 when neither --gpu nor --mig is given.
api::CreateRequest CreateRequest(const ContainerCreateOptions& options);

/// Creates the container through ds01d (allocation, Docker container and record at once) and
/// says what it got. NAME is required: a new container has nothing to pick from a menu.
Status RunContainerCreate(Session& session, const ContainerCreateOptions& options);

/// container-create's entry in the registry.
CommandSpec ContainerCreateCommand();

}  // namespace ds01::cli
