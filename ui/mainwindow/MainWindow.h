#pragma once

#include <QMainWindow>

namespace gatehouse::ui {

// The application window. For now it says what Gatehouse is and which parts are coming; the login,
// task/product manager, administration and inspector panels arrive with their issues.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `databasePath` is the local database the window will open; it is only shown for now.
    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
};

} // namespace gatehouse::ui
