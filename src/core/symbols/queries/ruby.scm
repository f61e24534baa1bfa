; RLM Explorer symbol query for Ruby. `Foo.new` is a construction of Foo.
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(class name: (constant) @name) @definition.class
(class name: (scope_resolution name: (constant) @name)) @definition.class
(module name: (constant) @name) @definition.module
(module name: (scope_resolution name: (constant) @name)) @definition.module
(program (assignment left: (constant) @name) @definition.constant)
(class (body_statement (assignment left: (constant) @name) @definition.constant))

(class name: (_) @name superclass: (superclass [(constant) (scope_resolution)] @base))

(call receiver: (_) @receiver method: (identifier) @name (#not-eq? @name "new")) @reference.call
(call !receiver method: (identifier) @name (#not-any-of? @name "require" "require_relative" "load" "attr_accessor" "attr_reader" "attr_writer" "include" "extend" "private" "protected" "public")) @reference.call
(call receiver: (constant) @name method: (identifier) @_new (#eq? @_new "new")) @reference.new
(call receiver: (scope_resolution name: (constant) @name) method: (identifier) @_new (#eq? @_new "new")) @reference.new
(superclass (constant) @name) @reference.type

(call
  method: (identifier) @_req
  arguments: (argument_list . (string (string_content) @import.module))
  (#any-of? @_req "require" "require_relative" "load")) @import
(call
  method: (identifier) @_inc
  arguments: (argument_list (constant) @import.module @import.wildcard)
  (#any-of? @_inc "include" "extend")) @import
