#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "api/wire_images.h"
#include "cli/output/format.h"
#include "common/clock.h"

namespace ds01::cli {

/// The SIZE column: "8.2GiB".
std::string ImageSizeCell(const api::Image& image);

/// The CREATED column: how long ago the image was built, "2d 3h ago".
std::string ImageAgeCell(const api::Image& image, Clock::TimePoint now);

/// The USED BY column: the containers made from the image, "train, eval"; "-" for none.
std::string UsedByCell(const api::Image& image);

/// Writes image-list's output for `images`: the table REPOSITORY TAG SIZE CREATED USED BY, the
/// image objects as a JSON array, or one reference a line.
void RenderImages(std::ostream& out, const std::vector<api::Image>& images, OutputFormat format,
                  Clock::TimePoint now);

}  // namespace ds01::cli
