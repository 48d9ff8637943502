#pragma once

#include "common/Result.h"

#include <QString>

namespace gatehouse::ui {

// The words a person reads for a core error: a translated sentence for the codes a window meets often,
// else core's own message. Never includes a secret (core errors never carry one).
QString errorText(const core::Error& error);

} // namespace gatehouse::ui
