#include "core/image_space.h"

#include <algorithm>

namespace ds01::core {

ImageSpace::ImageSpace(const std::vector<LocalImage>& images) {
  for (const LocalImage& image : images) {
    Node& node = nodes_[image.id];
    node.parent_id = image.parent_id;
    node.size_bytes = image.size_bytes;
    node.named = !image.repo_tags.empty();
  }
  for (const LocalImage& image : images) {
    const auto parent = nodes_.find(image.parent_id);
    if (parent != nodes_.end()) ++parent->second.children;
  }
}

std::int64_t ImageSpace::Remove(const std::string& id) {
  const auto removed = nodes_.find(id);
  if (removed == nodes_.end() || removed->second.gone) return 0;
  removed->second.gone = true;
  const std::int64_t size = removed->second.size_bytes;
  for (std::string parent_id = removed->second.parent_id;;) {
    const auto parent = nodes_.find(parent_id);
    if (parent == nodes_.end() || parent->second.gone) return size;
    Node& node = parent->second;
    --node.children;
    if (node.named || node.children > 0) return std::max<std::int64_t>(size - node.size_bytes, 0);
    node.gone = true;
    parent_id = node.parent_id;
  }
}

}  // namespace ds01::core
