#pragma once

#include <QLoggingCategory>

// One logging category per module. Tokens, passwords, secrets and keys never go into a log line:
// log what happened and to which object, not with which credential.
Q_DECLARE_LOGGING_CATEGORY(lcJwt)
Q_DECLARE_LOGGING_CATEGORY(lcCrypto)
Q_DECLARE_LOGGING_CATEGORY(lcPassword)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
