#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/commands/container_create.h"

namespace ds01::cli {

struct ContainerDeployOptions {
  // NAME (omitted on a terminal: the image from a menu, then asked) and every flag of
  // container-create; its --background means no shell here.
  ContainerCreateOptions create;
  bool open = false;  // --open: a shell once it runs (the default on a terminal)
};

/// Declares container deploy's flags and NAME on `args`, bound to `options`.
void DeclareContainerDeploy(ArgSpec& args, ContainerDeployOptions& options);

/// Creates and starts a container from an image that exists (seed 001), then opens a shell
/// in it on a terminal (--open) or leaves it in the background. A start that fails removes
/// the container it created: nothing is left half made. Without NAME on a terminal it first
/// offers a menu of the caller's project images and the catalogue's base images (unless
/// --image or --project names one) and asks for the name, then deploys as NAME --image=IMG
/// would; without NAME and without a terminal it is a usage error.
Status RunContainerDeploy(Session& session, const ContainerDeployOptions& options);

/// Deploy's work once it knows what to make, shared with project launch: creates the container
/// `create` describes (it must carry a name), starts it, removing it again when the start
/// fails, then opens a shell in it when `open`, or says how to enter it.
Status CreateStartAndEnter(Session& session, const ContainerCreateOptions& create, bool open);

/// The name a new container from `source` (an image reference or a project) is offered by
/// default: the image's last path component without tag or digest, lowercased, other characters
/// as '-', cut to the name rules (api/names.h); empty when nothing valid is left.
std::string DefaultContainerName(std::string_view source);

/// container deploy's entry in the registry.
CommandSpec ContainerDeployCommand();

}  // namespace ds01::cli
