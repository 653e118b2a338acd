migrate_unit_test(test_sql migrate_sql unit/sql/test_sql_lexer.cpp)
