#include "cli/commands/container_deploy.h"

#include <algorithm>
#include <cctype>

#include "api/names.h"
#include "api/wire_images.h"
#include "api/wire_requests.h"
#include "cli/commands/container_attach.h"
#include "cli/commands/container_create.h"
#include "cli/commands/container_start.h"
#include "cli/output/container_view.h"
#include "cli/output/image_view.h"
#include "cli/output/menu.h"

namespace ds01::cli {
namespace {

constexpr int kNameAttempts = 3;
constexpr std::size_t kMaxNameLength = 63;

// On a terminal, the image the user picks from their project images and the catalogue's base
// images that this host has (GET /v1/images?all=1).
Result<std::string> ChooseImageToDeploy(Session& session) {
  auto listed = CallAs<api::ImageList>(session.daemon, "GET", "/v1/images?all=1");
  if (!listed.ok()) return std::move(listed).error();
  std::vector<std::string> references;
  std::vector<std::vector<std::string>> rows;
  const auto now = session.clock.Now();
  for (const api::Image& image : listed->images) {
    const bool project = image.kind == "project";
    // An admin's listing names their own images only; never offer anyone else's.
    if (project && (!image.owner || image.owner->uid != session.uid)) continue;
    references.push_back(image.reference);
    rows.push_back({image.reference, project ? "your project" : "base image", ImageSizeCell(image),
                    ImageAgeCell(image, now)});
  }
  if (references.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "no image to deploy: you have no project image, and this host has none of "
                     "the frameworks' base images",
                     "name one: container deploy NAME --image=IMG (image-list --all shows what "
                     "this host has)");
  }
  auto chosen = ChooseFromMenu(session.in, session.out, "Which image to deploy?", rows);
  if (!chosen.ok()) return std::move(chosen).error();
  return references[*chosen];
}

// The new container's name, asked for with `fallback` as the answer to an empty line; a name
// the rules refuse is asked for again, up to three times.
Result<std::string> AskContainerName(Session& session, const std::string& fallback) {
  for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
    auto name = AskLineOr(session.in, session.out, "Name of the new container", fallback);
    if (!name.ok()) return std::move(name).error();
    Status valid = api::ValidateContainerName(*name);
    if (valid.ok()) return *name;
    session.out << valid.error().message << ": " << valid.error().hint << '\n';
  }
  return UsageError("no valid container name after " + std::to_string(kNameAttempts) + " answers",
                    "give it on the command line: container deploy NAME [--image=IMG]");
}

// Without NAME: on a terminal, the image from a menu (unless --image or --project names it) and
// then the name; without a terminal, a usage error before anything is asked or sent.
Status CompleteOnTerminal(Session& session, ContainerCreateOptions& options) {
  if (!session.interactive) {
    return UsageError("NAME is missing, and there is no terminal to choose the image and name on",
                      "give it: container deploy NAME [--image=IMG] (image-list --all shows the "
                      "images you can deploy)");
  }
  if (!options.image && !options.project) {
    auto image = ChooseImageToDeploy(session);
    if (!image.ok()) return std::move(image).error();
    options.image = *image;
  }
  auto name = AskContainerName(
      session, DefaultContainerName(options.project ? *options.project : *options.image));
  if (!name.ok()) return std::move(name).error();
  options.name = *name;
  return Ok();
}

}  // namespace

std::string DefaultContainerName(std::string_view source) {
  std::string_view last = source.substr(0, source.find('@'));
  if (const auto slash = last.rfind('/'); slash != std::string_view::npos) {
    last.remove_prefix(slash + 1);
  }
  last = last.substr(0, last.find(':'));
  std::string name;
  for (char c : last) {
    const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool allowed = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                         lower == '_' || lower == '.' || lower == '-';
    name += allowed ? lower : '-';
  }
  name.erase(0, std::min(name.size(), name.find_first_not_of("_.-")));
  if (name.size() > kMaxNameLength) name.resize(kMaxNameLength);
  if (!api::ValidateContainerName(name).ok()) return "";
  return name;
}

void DeclareContainerDeploy(ArgSpec& args, ContainerDeployOptions& options) {
  DeclareContainerCreate(args, options.create);
  args.Flag("--open", &options.open);
}

Status RunContainerDeploy(Session& session, const ContainerDeployOptions& given) {
  if (given.open && given.create.background) {
    return UsageError("--open and --background contradict each other", "give one of them");
  }
  ContainerCreateOptions create = given.create;
  if (!create.name) DS01_RETURN_IF_ERROR(CompleteOnTerminal(session, create));
  return CreateStartAndEnter(session, create,
                             given.open || (session.interactive && !create.background));
}

Status CreateStartAndEnter(Session& session, const ContainerCreateOptions& create, bool open) {
  auto request = CreateRequest(create);
  if (!request.ok()) return std::move(request).error();
  auto created = CallAs<api::Container>(session.daemon, "POST", "/v1/containers", *request);
  if (!created.ok()) return std::move(created).error();
  session.out << "Created " << *create.name << " " << GpuSummary(*created) << '\n';
  const ContainerRef target{*create.name, {}};
  if (Status started = StartContainer(session, target); !started.ok()) {
    // Nothing half made: the container that cannot start goes, and its GPU with it.
    (void)session.daemon.Call("POST", ContainerRoute(target.name, "remove"),
                              api::RemoveRequest{true});
    return started;
  }
  if (!open) {
    session.out << "Enter it with container-attach " << target.name << '\n';
    return Ok();
  }
  return OpenShell(session, target);
}

CommandSpec ContainerDeployCommand() {
  return {"container-deploy",
          "container",
          "deploy",
          "Create and start a container from an existing image, then enter it",
          "container_deploy",
          &Bind<ContainerDeployOptions, DeclareContainerDeploy, RunContainerDeploy>};
}

}  // namespace ds01::cli
