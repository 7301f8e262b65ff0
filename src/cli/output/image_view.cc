#include "cli/output/image_view.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "cli/output/table.h"
#include "cli/output/time_format.h"
#include "common/units.h"

namespace ds01::cli {

std::string ImageSizeCell(const api::Image& image) {
  return FormatSize(static_cast<std::uint64_t>(std::max<std::int64_t>(image.size_bytes, 0)));
}

std::string ImageAgeCell(const api::Image& image, Clock::TimePoint now) {
  return FormatSpan(image.created_at, now) + " ago";
}

std::string UsedByCell(const api::Image& image) {
  if (image.used_by.empty()) return "-";
  return fmt::format("{}", fmt::join(image.used_by, ", "));
}

void RenderImages(std::ostream& out, const std::vector<api::Image>& images, OutputFormat format,
                  Clock::TimePoint now) {
  switch (format) {
    case OutputFormat::kJson:
      out << nlohmann::json(images).dump(2) << '\n';
      return;
    case OutputFormat::kSimple:
      for (const api::Image& image : images) out << image.reference << '\n';
      return;
    case OutputFormat::kTable:
      break;
  }
  Table table({"REPOSITORY", "TAG", "SIZE", "CREATED", "USED BY"});
  for (const api::Image& image : images) {
    table.AddRow({image.repository, image.tag, ImageSizeCell(image), ImageAgeCell(image, now),
                  UsedByCell(image)});
  }
  table.Render(out);
}

}  // namespace ds01::cli
