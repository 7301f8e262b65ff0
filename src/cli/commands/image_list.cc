#include "cli/commands/image_list.h"

#include "api/wire_images.h"
#include "cli/commands/format_flag.h"
#include "cli/output/image_view.h"

namespace ds01::cli {

void DeclareImageList(ArgSpec& args, ImageListOptions& options) {
  args.Flag("-a,--all", &options.all);
  DeclareFormat(args, options.format);
}

Status RunImageList(Session& session, const ImageListOptions& options) {
  session.guide.Step("before");
  auto answer = CallAs<api::ImageList>(session.daemon, "GET",
                                       options.all ? "/v1/images?all=1" : "/v1/images");
  if (!answer.ok()) return std::move(answer).error();
  if (answer->images.empty() && options.format == OutputFormat::kTable) {
    session.out << (options.all ? "No images: you have no project image, and this host has none "
                                  "of the frameworks' images.\n"
                                : "No project images of yours (image-list --all shows the "
                                  "frameworks' images too).\n");
  } else {
    RenderImages(session.out, answer->images, options.format, session.clock.Now());
  }
  session.guide.Step("after");
  return Ok();
}

CommandSpec ImageListCommand() {
  return {"image-list", "image",
          "list",       "List your project images: size, age, the containers using them",
          "image_list", &Bind<ImageListOptions, DeclareImageList, RunImageList>};
}

}  // namespace ds01::cli
