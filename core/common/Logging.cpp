#include "common/Logging.h"

Q_LOGGING_CATEGORY(lcJwt, "gatehouse.core.jwt", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCrypto, "gatehouse.core.crypto", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPassword, "gatehouse.core.password", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCli, "gatehouse.cli", QtWarningMsg)
