#include "login/ProfileFile.h"

#include <QCoreApplication>
#include <QFile>

namespace gatehouse::ui {

core::Result<core::remote::ApiProfile> readProfileFile(const QString& path)
{
    constexpr qint64 kMaxBytes = 256 * 1024; // a profile is a few hundred bytes; refuse anything huge
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return core::Error::make(
            QStringLiteral("profile.file"),
            QCoreApplication::translate("gatehouse::ui::ProfileFile", "Cannot read the profile file %1: %2")
                .arg(path, file.errorString()));
    const QByteArray json = file.read(kMaxBytes + 1);
    if (json.size() > kMaxBytes)
        return core::Error::make(
            QStringLiteral("profile.file"),
            QCoreApplication::translate("gatehouse::ui::ProfileFile", "The profile file %1 is too large.").arg(path));
    return core::remote::ApiProfile::fromJson(json);
}

} // namespace gatehouse::ui
